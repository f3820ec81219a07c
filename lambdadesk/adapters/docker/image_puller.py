"""Makes sure an image is present, pulling it with per-layer progress and explaining why a pull failed."""

from __future__ import annotations

import docker
from docker.errors import APIError, ImageNotFound
from docker.utils import parse_repository_tag

from lambdadesk.core.errors import ImagePullError
from lambdadesk.core.events import EventSink, PullProgress


def ensure_image(client: docker.DockerClient, image: str, service: str, on_event: EventSink) -> bool:
    """Blocking. Returns True if the image had to be pulled; raises ImagePullError when it cannot be had."""
    try:
        client.images.get(image)
        return False
    except ImageNotFound:
        pass
    repository, tag = parse_repository_tag(image)
    try:
        for item in client.api.pull(repository, tag=tag or "latest", stream=True, decode=True):
            if "error" in item:
                raise explain_pull_error(image, str(item["error"]))
            detail = item.get("progressDetail") or {}
            on_event(PullProgress(service, image, str(item.get("id", "")), str(item.get("status", "")),
                                  int(detail.get("current") or 0), int(detail.get("total") or 0)))
    except APIError as exc:
        raise explain_pull_error(image, str(exc.explanation or exc)) from exc
    return True


def explain_pull_error(image: str, error: str) -> ImagePullError:
    lowered = error.lower()
    if "localstack" in image and ("auth" in lowered or "unauthorized" in lowered or "denied" in lowered):
        return ImagePullError(image, f"the registry refused it ({error})",
                              "This LocalStack image needs an auth token: set LOCALSTACK_AUTH_TOKEN, or choose "
                              "localstack/localstack:4.14, MiniStack, Floci or moto in the profile.")
    if "unauthorized" in lowered or "denied" in lowered or "authentication required" in lowered:
        return ImagePullError(image, f"the registry refused access ({error})",
                              "Check the image name; for a private image run docker login first.")
    if "manifest unknown" in lowered or "not found" in lowered:
        return ImagePullError(image, f"no such image or tag ({error})", "Check the image name and tag in the profile.")
    if any(word in lowered for word in ("dial tcp", "lookup", "connection refused", "timeout", "no such host",
                                        "network is unreachable", "tls handshake")):
        return ImagePullError(image, f"the registry cannot be reached ({error})",
                              "Check your internet connection or proxy, or load the image with docker load.")
    return ImagePullError(image, error, "Try docker pull yourself to see more, then run lambdadesk up again.")
