"""The labels that mark what lambdadesk owns. Every destructive call selects by these and nothing else."""

from __future__ import annotations

MANAGED = "lambdadesk.managed"
PROFILE = "lambdadesk.profile"
SERVICE = "lambdadesk.service"
SPEC_HASH = "lambdadesk.spec-hash"

LAMBDA_SERVICE = "lambda"


def owned_labels(profile: str, service: str | None = None) -> dict[str, str]:
    """Labels to put on an object lambdadesk creates for `profile` (and `service`, for containers)."""
    labels = {MANAGED: "true", PROFILE: profile}
    if service is not None:
        labels[SERVICE] = service
    return labels


def owned_filter(profile: str, service: str | None = None) -> dict[str, list[str]]:
    """A Docker API `filters` value matching exactly the objects of `profile` (and `service`)."""
    return {"label": [f"{key}={value}" for key, value in owned_labels(profile, service).items()]}


def is_owned(labels: dict[str, str] | None, profile: str) -> bool:
    """True only for objects carrying both ownership labels for this profile (a second line of defence)."""
    labels = labels or {}
    return labels.get(MANAGED) == "true" and labels.get(PROFILE) == profile
