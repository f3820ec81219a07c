"""Deployment zips written in memory, with each member's permission bits (provided runtimes need an executable
bootstrap) and a fixed timestamp, so the same files always give the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; real times would change the bytes on every build


def zip_members(members: Mapping[str, tuple[bytes, int]]) -> bytes:
    """A zip of `{name: (data, mode)}` in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, (data, mode) in members.items():
            info = zipfile.ZipInfo(name, _EPOCH)
            info.external_attr = (mode & 0o777 | 0o100000) << 16  # a regular file with its permissions
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()
