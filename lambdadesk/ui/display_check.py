"""Before Qt loads: can the window be shown here at all? Without this, Qt aborts the process (SIGABRT) with
advice to reinstall. Linux only; elsewhere Qt's own platform always exists."""

from __future__ import annotations

import ctypes.util
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# what Qt's xcb platform plugin loads (Qt 6.5+), and the Debian/Ubuntu package of each
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0",
                 "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1", "xcb-image": "libxcb-image0",
                 "xcb-render-util": "libxcb-render-util0", "xcb-shape": "libxcb-shape0", "EGL": "libegl1",
                 "GL": "libgl1"}


def display_problem(environ: Mapping[str, str], platform: str = sys.platform,
                    find_library: Callable[[str], str | None] = ctypes.util.find_library,
                    x11_sockets: Path = Path("/tmp/.X11-unix")) -> tuple[str, str]:
    """(what is wrong, what to do) when the window cannot open here; ("", "") when it can (or Qt's platform was
    chosen by the user with QT_QPA_PLATFORM)."""
    if platform != "linux" or environ.get("QT_QPA_PLATFORM") or environ.get("WAYLAND_DISPLAY"):
        return "", ""
    if not environ.get("DISPLAY"):
        return ("The window needs a display, and there is none here (neither DISPLAY nor WAYLAND_DISPLAY is set).",
                "Start lambdadesk from a desktop session, or use its commands (lambdadesk --help) from here.")
    local = re.fullmatch(r":(\d+)(\.\d+)?", environ["DISPLAY"])
    if local and not (x11_sockets / f"X{local.group(1)}").exists():
        return (f"The window needs a display, and DISPLAY={environ['DISPLAY']} has no X server listening.",
                "Start the X server (or log in to the desktop) and try again, or use lambdadesk's commands.")
    missing = [package for library, package in XCB_LIBRARIES.items() if find_library(library) is None]
    if missing:
        return (f"Qt's X11 support needs system libraries this machine lacks: {', '.join(missing)}.",
                f"Install them (Debian/Ubuntu: sudo apt install {' '.join(missing)}), then start lambdadesk again.")
    return "", ""
