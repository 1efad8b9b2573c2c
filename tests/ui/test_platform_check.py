"""A desktop missing Qt's X11 libraries gets told which packages to install."""

from ui.platform_check import missing_packages, uses_xcb


def test_missing_libraries_are_named_by_package():
    present = {"xcb-icccm", "EGL", "fontconfig", "xcb-image", "xcb-render-util", "xcb-shape", "xcb-xkb",
               "xkbcommon-x11"}
    missing = missing_packages(lambda lib: f"lib{lib}.so" if lib in present else None)
    assert missing == ["libxcb-keysyms1", "libxcb-cursor0"]


def test_only_x11_sessions_are_checked():
    assert uses_xcb({"DISPLAY": ":0"})
    assert not uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert not uses_xcb({})
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
