"""Errors a user can act on: each says what went wrong and what to do next."""

from __future__ import annotations


class LambdadeskError(Exception):
    """Base of every error lambdadesk reports to a person; `next_step` is advice, never empty."""

    def __init__(self, message: str, next_step: str) -> None:
        if not (isinstance(message, str) and message and isinstance(next_step, str) and next_step):
            raise TypeError(f"{type(self).__name__} needs a message and a next step, got {message!r}, {next_step!r}")
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message}\nNext step: {self.next_step}"


class DockerUnavailableError(LambdadeskError):
    """The Docker engine cannot be reached (no socket, permission denied, daemon down)."""


class ImagePullError(LambdadeskError):
    """An image is not present locally and could not be pulled."""

    def __init__(self, image: str, reason: str, next_step: str) -> None:
        super().__init__(f"Cannot pull image {image}: {reason}", next_step)
        self.image = image


class AuthTokenMissingError(LambdadeskError):
    """The chosen emulator image needs an auth token and none is configured."""


class PortInUseError(LambdadeskError):
    """A port the environment needs is already taken."""

    def __init__(self, port: int, service: str, holder: str) -> None:
        super().__init__(
            f"Port {port} (needed by {service}) is already in use by {holder}.",
            f"Stop {holder}, or give {service} another port in the profile ({service}_port).",
        )
        self.port = port
        self.service = service
        self.holder = holder


class StartTimeoutError(LambdadeskError):
    """A service did not become ready in time; carries its last log lines."""

    def __init__(self, service: str, timeout_s: float, reason: str, last_logs: str) -> None:
        logs = last_logs.strip() or "(the container printed nothing)"
        super().__init__(
            f"{service} was not ready after {timeout_s:.0f} s ({reason}). Its last log lines:\n{logs}",
            f"Read the {service} logs (lambdadesk logs {service}), fix the cause, then run lambdadesk up again.",
        )
        self.service = service
        self.last_logs = last_logs


class ContainerExitedError(LambdadeskError):
    """A service's container stopped while lambdadesk waited for it to become ready."""


class ProfileError(LambdadeskError):
    """A profile file is missing, corrupt or inconsistent."""


class ReapplyError(LambdadeskError):
    """The environment is up, but what was deployed in it could not be deployed again after its restart."""
