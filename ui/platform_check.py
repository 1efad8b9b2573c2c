"""Before the first window: name the system libraries Qt's X11 platform needs when they are missing.

Without them Qt aborts with "Could not load the Qt platform plugin xcb", which tells a person nothing about
what to install.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

#: Shared library (as ctypes names it) → the Debian/Ubuntu package that ships it.
XCB_LIBRARIES = {
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def uses_xcb(environ: dict[str, str] | None = None) -> bool:
    """True when Qt will open an X11 window (Linux, a DISPLAY, no other platform asked for)."""
    environ = os.environ if environ is None else environ
    platform = environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return False
    return bool(environ.get("DISPLAY")) and not (platform == "" and environ.get("WAYLAND_DISPLAY"))


def missing_packages(find=ctypes.util.find_library) -> list[str]:
    """The packages whose libraries the X11 platform needs and the system lacks."""
    return [package for library, package in XCB_LIBRARIES.items() if find(library) is None]


def explain_missing_libraries() -> str | None:
    """A message naming what to install, or None when the window can open."""
    if not uses_xcb():
        return None
    missing = missing_packages()
    if not missing:
        return None
    return (
        "FieldDesk cannot open its window: the system lacks libraries Qt needs for X11.\n"
        f"Install them with:  sudo apt-get install {' '.join(missing)}\n"
        "(other distributions: the packages that provide "
        + ", ".join(f"lib{lib}" for lib, pkg in XCB_LIBRARIES.items() if pkg in missing)
        + ")"
    )
