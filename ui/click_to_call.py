"""Click-to-call: ask the PBX (AMI Originate) to ring this desk's phone and then dial the number clicked.

The desktop has no AMI session of its own: each click opens one, places the call and logs off, off the UI
thread. Settings come from ``[ami]`` in config.toml and the secret from the environment or the OS keyring
(telephony.config).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.config import ConfigError, config_file
from models.phones import format_phone
from telephony.ami import AmiConnectionLost, AmiError, AmiLoginFailed, AmiNotConnected, describe_error, originate_once
from telephony.config import AmiConfig, ami_section, load_ami_config
from ui.tasks import run_in_background

#: How long one click may take in all (connect, log in, Originate, log off).
ORIGINATE_TIMEOUT = 20.0


class PbxNotConfigured(Exception):
    """There is no usable ``[ami]`` configuration; ``section_missing`` when config.toml has no ``[ami]``."""

    def __init__(self, reason: str, *, path: Path, section_missing: bool = False):
        super().__init__(reason)
        self.path = path
        self.section_missing = section_missing


class PbxUnreachable(Exception):
    """The PBX could not be reached or dropped the connection; the message says why."""


class PbxRefused(Exception):
    """The PBX answered but would not log in or place the call; the message is the PBX's reason."""


def configured_ami(path: Path | None = None, environ: dict[str, str] | None = None) -> AmiConfig:
    """The AMI settings when this workstation has an ``[ami]`` section (and a secret); else PbxNotConfigured."""
    path = path or config_file()
    try:
        section = ami_section(path)
    except ConfigError as exc:
        raise PbxNotConfigured(str(exc), path=path) from exc
    if not section:
        raise PbxNotConfigured(f"no [ami] section in {path}", path=path, section_missing=True)
    try:
        return load_ami_config(path=path, environ=environ)
    except ConfigError as exc:
        raise PbxNotConfigured(str(exc), path=path) from exc


def place_call(config_loader: Callable[[], AmiConfig], extension: str, number: str,
               timeout: float = ORIGINATE_TIMEOUT) -> str:
    """Ring ``extension`` and dial ``number`` once it answers (blocking: run it in the background).

    Returns the number as sent; raises PbxNotConfigured, PbxUnreachable, PbxRefused, or ValueError for an
    extension or number that cannot be dialled.
    """
    config = config_loader()
    try:
        asyncio.run(asyncio.wait_for(originate_once(config, extension, number), timeout))
    except AmiLoginFailed as exc:
        raise PbxRefused(f"login as {config.username} refused ({exc})") from exc
    except (AmiConnectionLost, AmiNotConnected) as exc:
        raise PbxUnreachable(f"{config.address}: {exc}") from exc
    except AmiError as exc:
        raise PbxRefused(str(exc)) from exc
    except (OSError, TimeoutError) as exc:
        raise PbxUnreachable(f"{config.address}: {describe_error(exc, config)}") from exc
    return number


def shown(number: str) -> str:
    """A dialled number in display form when it is a phone number (+7 351 123-45-67), else as it is."""
    return format_phone(number) if number.startswith("+") else number


class ClickToCall(QObject):
    """Places calls from this desk's extension; says what happens through ``status_message_requested``."""

    status_message_requested = Signal(str)
    call_placed = Signal(str)  # the number, once the PBX has accepted the call
    call_failed = Signal(str)  # the sentence shown

    def __init__(self, extension: Callable[[], str], config_loader: Callable[[], AmiConfig] = configured_ami,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._extension = extension
        self.config_loader = config_loader

    def call(self, number: str) -> None:
        """Start a click-to-call to ``number`` in the background."""
        extension = (self._extension() or "").strip()
        if not extension:
            self._fail(self.tr("Set your phone extension in Settings to place calls."))
            return
        self.status_message_requested.emit(
            self.tr("Calling %1 from extension %2…").replace("%1", shown(number)).replace("%2", extension))
        run_in_background(place_call, self.config_loader, extension, number,
                          on_done=lambda dialled, ext=extension: self._placed(dialled, ext),
                          on_error=self.on_task_failed)

    def _placed(self, number: str, extension: str) -> None:
        self.status_message_requested.emit(
            self.tr("Calling %1: pick up your phone (extension %2), the PBX dials when you answer.")
            .replace("%1", shown(number)).replace("%2", extension))
        self.call_placed.emit(number)

    def on_task_failed(self, exc: BaseException) -> None:
        self._fail(self.describe(exc))

    def describe(self, exc: BaseException) -> str:
        """The sentence for a failed click-to-call."""
        if isinstance(exc, PbxNotConfigured):
            if exc.section_missing:
                return self.tr("PBX not configured: set [ami] in config.toml (%1)").replace("%1", str(exc.path))
            return self.tr("PBX not configured: %1").replace("%1", str(exc))
        if isinstance(exc, PbxUnreachable):
            return self.tr("PBX unreachable: %1").replace("%1", str(exc))
        if isinstance(exc, PbxRefused):
            return self.tr("The PBX did not place the call: %1").replace("%1", str(exc))
        if isinstance(exc, ValueError):
            return self.tr("Cannot call: %1").replace("%1", str(exc))
        return self.tr("The call was not placed: %1").replace("%1", str(exc) or type(exc).__name__)

    def _fail(self, message: str) -> None:
        self.status_message_requested.emit(message)
        self.call_failed.emit(message)
