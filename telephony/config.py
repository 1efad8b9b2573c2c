"""Where the PBX is and how to sign in: ``[ami]`` in config.toml, command-line flags, the secret in the keyring.

```toml
[ami]
host = "192.0.2.5"
port = 5038
user = "fielddesk"
originate_context = "from-internal"
originate_channel = "PJSIP/{extension}"
extension_pattern = "\\d{2,4}"
extensions = ["777"]          # optional: extensions the pattern does not cover
trunks = ["1000"]             # optional: trunks whose names look like extensions
```
The secret is never in the file: ``FIELDDESK_AMI_SECRET`` in the environment (a service account), else the
OS keyring entry ``FieldDesk`` / ``ami:<user>@<host>``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.config import APP_NAME, ConfigError, config_section
from telephony.channels import ExtensionPlan

log = logging.getLogger(__name__)
ENV_AMI_SECRET = "FIELDDESK_AMI_SECRET"


@dataclass(frozen=True)
class AmiConfig:
    """How to reach and use the Asterisk Manager Interface; times in seconds."""

    host: str = "127.0.0.1"
    port: int = 5038
    username: str = "fielddesk"
    secret: str = field(default="", repr=False)
    originate_context: str = "from-internal"
    originate_channel: str = "PJSIP/{extension}"
    connect_timeout: float = 5.0
    login_timeout: float = 10.0
    fully_booted_timeout: float = 5.0
    ping_interval: float = 20.0
    ping_timeout: float = 10.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def keyring_entry(user: str, host: str) -> tuple[str, str]:
    """The (service, name) pair the AMI secret is kept under in the OS keyring."""
    return APP_NAME, f"ami:{user}@{host}"


def ami_secret(user: str, host: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The AMI secret: ``FIELDDESK_AMI_SECRET`` if set, else the OS keyring; None when neither has it."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_AMI_SECRET):
        return environ[ENV_AMI_SECRET]
    try:
        import keyring

        return keyring.get_password(*keyring_entry(user, host))
    except Exception as exc:  # no keyring backend on a headless server is a normal case
        log.debug("no AMI secret from the keyring: %s", exc)
        return None


def ami_section(path: Path | None = None) -> dict[str, Any]:
    """The ``[ami]`` table of config.toml (empty when the file or the section is missing)."""
    return config_section("ami", path)


def load_ami_config(*, path: Path | None = None, environ: Mapping[str, str] | None = None,
                    host: str | None = None, port: int | None = None, user: str | None = None,
                    secret: str | None = None) -> AmiConfig:
    """Build the AMI settings: flags win over ``[ami]`` in config.toml, which wins over the defaults.

    Raises ConfigError when no secret can be found, naming the two places it may be put.
    """
    section = ami_section(path)
    defaults = AmiConfig()
    host = host or str(section.get("host", defaults.host))
    user = user or str(section.get("user", defaults.username))
    try:
        port = int(port or section.get("port", defaults.port))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[ami] port must be a number, not {section.get('port')!r}.") from exc
    secret = secret or ami_secret(user, host, environ)
    if not secret:
        service, name = keyring_entry(user, host)
        raise ConfigError(
            f"No AMI secret for {user}@{host}: set {ENV_AMI_SECRET}, or store it in the keyring "
            f"(keyring set {service} {name})."
        )
    extra = {key: section[key] for key in ("originate_context", "originate_channel") if key in section}
    return AmiConfig(host=host, port=port, username=user, secret=secret, **extra)


def load_extension_plan(path: Path | None = None) -> ExtensionPlan:
    """Which endpoints are our extensions, from ``[ami]`` (defaults: any 2–4 digit endpoint)."""
    section = ami_section(path)
    return ExtensionPlan(
        pattern=str(section.get("extension_pattern", ExtensionPlan().pattern)),
        extensions=frozenset(map(str, section.get("extensions", ()))),
        trunks=frozenset(map(str, section.get("trunks", ()))),
    )
