"""A capture endpoint on every topic the emulator has, so the messages an invocation publishes are kept with it
(the invocation recorder's). It looks for new topics at most every CHECK_S; one it cannot subscribe to is said
once and not tried again, since every call would wait for it."""

from __future__ import annotations

import time
from collections.abc import Callable

from lambdadesk.capture.capture_session import CaptureSession

CHECK_S = 5.0
CONFIRM_S = 3.0


class EveryTopicCapture:
    def __init__(self, make_capture: Callable[[], CaptureSession], on_problem: Callable[[str], None]) -> None:
        self._make_capture, self._on_problem = make_capture, on_problem
        self._capture: CaptureSession | None = None
        self._checked = float("-inf")

    async def listen(self) -> None:
        """Subscribed to every topic (not recorded in the desired state: someone else may have made them)."""
        if time.monotonic() < self._checked + CHECK_S:
            return
        self._checked = time.monotonic()
        capture = self._capture = self._capture or self._make_capture()
        try:
            for name in await capture.topic_names():
                if name not in capture.topics.values():
                    await capture.subscribe(name, remember=False, timeout_s=CONFIRM_S)
        except Exception as exc:
            self._checked = float("inf")
            self._on_problem(f"SNS messages will not be kept with invocations: {exc}")

    async def forget(self) -> None:
        """The emulator lost its topics (a reset, a restart): unsubscribed, and afresh at the next `listen`."""
        capture, self._capture = self._capture, None
        self._checked = float("-inf")
        if capture is not None:
            await capture.close()
