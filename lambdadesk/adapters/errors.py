"""Failures of the emulator, Redis or a request, put in words a user understands, with a next step."""

from __future__ import annotations

from lambdadesk.core.errors import LambdadeskError

_START_IT = "Start the environment (Environment tab, or lambdadesk up), then try again."


def explain(what: str, exc: BaseException) -> LambdadeskError | None:
    """A LambdadeskError for a failure people hit while doing `what` ("deploy the function"); None for a bug."""
    if isinstance(exc, LambdadeskError):
        return exc
    # imported here: the window shows errors from its first second, long before it needs these libraries
    import aiohttp
    import botocore.exceptions
    import docker.errors
    import redis.exceptions
    import requests.exceptions

    from lambdadesk.adapters.docker.docker_connection import docker_host, explain_connection_error

    if isinstance(exc, requests.exceptions.ConnectionError):  # only docker-py speaks through requests here
        return explain_connection_error(docker_host(), exc)
    if isinstance(exc, docker.errors.APIError):
        return LambdadeskError(f"Could not {what}: Docker refused ({exc.explanation or exc}).",
                               "Check the Docker engine (docker ps -a, its log), then try again.")
    if isinstance(exc, botocore.exceptions.EndpointConnectionError | botocore.exceptions.ConnectionClosedError):
        return LambdadeskError(f"Could not {what}: the emulator does not answer.", _START_IT)
    if isinstance(exc, botocore.exceptions.ReadTimeoutError | botocore.exceptions.ConnectTimeoutError):
        return LambdadeskError(f"Could not {what}: the emulator took too long to answer.",
                               "See its log (Logs tab); it may still be starting or overloaded.")
    if isinstance(exc, botocore.exceptions.ClientError):
        error = exc.response.get("Error", {})
        return LambdadeskError(f"The emulator refused to {what}: {error.get('Code', '?')}: "
                               f"{error.get('Message', '') or 'no reason given'}.",
                               "Check the values you entered; the emulator's log (Logs tab) may say more.")
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return LambdadeskError(f"Could not {what}: Redis does not answer ({exc}).", _START_IT)
    if isinstance(exc, aiohttp.ClientError | OSError | TimeoutError):
        reason = str(exc) or type(exc).__name__
        return LambdadeskError(f"Could not {what}: {reason}.", _START_IT)
    return None
