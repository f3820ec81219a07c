"""Copies images from the host engine into the dind daemon, so Lambdas start there without a registry pull."""

from __future__ import annotations

from collections.abc import Iterator

import docker
from docker.errors import ImageNotFound


def preload(host: docker.DockerClient, dind: docker.DockerClient, images: tuple[str, ...]) -> Iterator[str]:
    """Blocking; yields one line per image saying what was done, then closes `dind`."""
    try:
        for name in images:
            try:
                image = host.images.get(name)
            except ImageNotFound:
                yield f"{name} is not on the host engine; the dind daemon will pull it when needed"
                continue
            try:
                if dind.images.get(name).id == image.id:
                    yield f"{name} is already in dind"
                    continue
            except ImageNotFound:
                pass
            dind.images.load(image.save(named=True))
            yield f"loaded {name} into dind"
    finally:
        dind.close()
