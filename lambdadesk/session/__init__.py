"""One environment as both front ends use it: the application layer (`Session`). Each use case is one method
(bring up, stop, reset, DEBUG, re-apply, deploy, wire, list, send, invoke, invocations, replay, resources) or one
object it holds (capture, Redis, the invocation recorder); the CLI and the window only parse input, call it, and
present the result. The methods live by job in this package's modules; `Session` puts them together."""

from lambdadesk.session.base import ConnectionSource, TokenSource
from lambdadesk.session.session import Session

__all__ = ["ConnectionSource", "Session", "TokenSource"]
