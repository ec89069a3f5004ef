"""The fleet file, the topic layout and the limits every fleet message is held to. No Qt, no paho.

A fleet file is JSON. `kiosk fleet init` writes two kinds:

- `fleet.json`, the operator's: broker address, the CA (inline PEM), the fleet name, the
  operator login and every display's login (so that `fleet status` can list who is missing);
- `displays/<id>.json`, one per display: the same broker and CA, and only that display's login.
  This is the file handed to a display; it cannot publish decks or command other displays.

Topic layout (every topic under `kiosk/<fleet>/`; QoS 1 everywhere):

| topic | retained | writer → reader | payload |
|---|---|---|---|
| `group/<g>/manifest` | yes | operator → displays of g | the deck's manifest (JSON, ≤ 256 KiB) |
| `group/<g>/cmd` | no | operator → displays of g | a command (JSON or one line of text, ≤ 4 KiB) |
| `group/<g>/sync` | no | displays of sync group g ↔ each other | "slide N at T", clock pings |
| `files/<sha256>` | yes | operator → displays | the file's bytes (≤ `MQTT_FILE_LIMIT`) |
| `have/<sha256>` | yes | operator → operator | `{"size": n}`: this file is on the broker |
| `display/<d>/status` | yes | display → operator | status JSON; the last will says offline |
| `display/<d>/cmd` | no | operator → display d | a command |
| `display/<d>/proof` | no | display → operator | one play (JSON with a unique `id`) |
| `display/<d>/reply/<id>` | no | display → operator | a command's outcome (JSON) |
| `display/<d>/shot/<id>` | no | display → operator | a screenshot (PNG bytes) |
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "COMMAND_LIMIT",
    "MANIFEST_LIMIT",
    "MAX_DECK_BYTES",
    "MAX_FILES",
    "MQTT_FILE_LIMIT",
    "NAME",
    "BrokerAddress",
    "FleetError",
    "FleetFile",
    "Login",
    "Topics",
    "check_name",
]

MANIFEST_LIMIT = 256 * 1024
COMMAND_LIMIT = 4 * 1024
MQTT_FILE_LIMIT = 8 * 1024 * 1024  # larger files need the manifest's base_url (HTTP(S))
HTTP_FILE_LIMIT = 512 * 1024 * 1024
MAX_DECK_BYTES = 1024 * 1024 * 1024
MAX_FILES = 2000
FORMAT = 1
# a display id, group or fleet name: one topic level, one login name, one file name
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}", re.ASCII)
HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)


class FleetError(Exception):
    """A fleet file, an option or a broker answer a person must fix; the text says how."""


def check_name(kind: str, value: str) -> str:
    if not NAME.fullmatch(value):
        raise FleetError(
            f"{kind} {value!r}: use 1-63 lower-case letters, digits, '-' or '_' "
            "(it is a topic level and a login name)"
        )
    return value


@dataclass(frozen=True)
class Topics:
    """Every topic of one fleet."""

    fleet: str

    @property
    def root(self) -> str:
        return f"kiosk/{self.fleet}"

    def manifest(self, group: str) -> str:
        return f"{self.root}/group/{group}/manifest"

    def group_cmd(self, group: str) -> str:
        return f"{self.root}/group/{group}/cmd"

    def group_sync(self, group: str) -> str:
        return f"{self.root}/group/{group}/sync"

    def file(self, sha: str) -> str:
        return f"{self.root}/files/{sha}"

    def have(self, sha: str) -> str:
        return f"{self.root}/have/{sha}"

    def status(self, display: str) -> str:
        return f"{self.root}/display/{display}/status"

    def cmd(self, display: str) -> str:
        return f"{self.root}/display/{display}/cmd"

    def proof(self, display: str) -> str:
        return f"{self.root}/display/{display}/proof"

    def reply(self, display: str, request: str) -> str:
        return f"{self.root}/display/{display}/reply/{request}"

    def shot(self, display: str, request: str) -> str:
        return f"{self.root}/display/{display}/shot/{request}"


@dataclass(frozen=True)
class BrokerAddress:
    host: str
    port: int
    tls: bool = True
    ca_pem: str | None = None  # None with TLS: the system's trusted CAs
    insecure: bool = False  # TLS without checking the host name (a broker reached by IP)


@dataclass(frozen=True)
class Login:
    username: str
    password: str


@dataclass
class FleetFile:
    fleet: str
    broker: BrokerAddress
    operator: Login | None = None
    displays: dict[str, Login] = field(default_factory=dict)
    http_base: str | None = None  # where files too big for MQTT are served (publish uploads none)
    home_assistant: bool = False
    group: str | None = None  # a display's file: the group it plays unless --group says else
    sync: dict[str, str] = field(default_factory=dict)  # display -> the sync group it is in
    path: Path | None = None

    @property
    def topics(self) -> Topics:
        return Topics(self.fleet)

    def display_login(self, display: str) -> Login:
        found = self.displays.get(display)
        if found is None:
            where = f" ({self.path})" if self.path else ""
            known = ", ".join(sorted(self.displays)) or "none"
            raise FleetError(
                f"the fleet file{where} has no login for display {display!r} (it has: {known})"
            )
        return found

    def only_display(self) -> str | None:
        """The display a display's own file is for (None: the operator's file, several)."""
        return next(iter(self.displays)) if len(self.displays) == 1 else None

    def operator_login(self) -> Login:
        if self.operator is None:
            where = f" {self.path}" if self.path else ""
            raise FleetError(
                f"the fleet file{where} is a display's: it has no operator login "
                "(use the fleet.json that 'kiosk fleet init' wrote)"
            )
        return self.operator

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "fleet": self.fleet,
            "broker": {
                "host": self.broker.host,
                "port": self.broker.port,
                "tls": self.broker.tls,
                "ca_pem": self.broker.ca_pem,
                "insecure": self.broker.insecure,
            },
            "http_base": self.http_base,
            "home_assistant": self.home_assistant,
        }
        if self.group:
            doc["group"] = self.group
        if self.operator is not None:
            doc["operator"] = _login_json(self.operator)
        doc["displays"] = {k: {"password": v.password} for k, v in sorted(self.displays.items())}
        if self.sync:
            doc["sync"] = dict(sorted(self.sync.items()))
        return doc

    def sync_groups(self) -> set[str]:
        """The groups `fleet init/add-display --sync` made sync groups."""
        return set(self.sync.values())

    def save(self, path: Path) -> None:
        """Write it readable by its owner only (it holds passwords)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", opener=_private) as f:
            json.dump(self.to_json(), f, indent=2)
            f.write("\n")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> FleetFile:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise FleetError(f"cannot read the fleet file {path}: {e.strerror or e}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise FleetError(f"{path}: not a fleet file (not JSON: {e})") from None
        try:
            return cls._parse(doc, path)
        except (KeyError, TypeError, ValueError) as e:
            raise FleetError(f"{path}: not a valid fleet file ({type(e).__name__}: {e})") from None

    @classmethod
    def _parse(cls, doc: Any, path: Path) -> FleetFile:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError(f"expected an object with format {FORMAT}")
        broker = doc["broker"]
        ca = broker.get("ca_pem")
        address = BrokerAddress(
            host=str(broker["host"]),
            port=int(broker["port"]),
            tls=bool(broker.get("tls", True)),
            ca_pem=str(ca) if ca else None,
            insecure=bool(broker.get("insecure", False)),
        )
        op = doc.get("operator")
        displays = {
            check_name("display", str(k)): Login(str(k), str(v["password"]))
            for k, v in dict(doc.get("displays") or {}).items()
        }
        base = doc.get("http_base")
        group = doc.get("group")
        sync = {
            check_name("display", str(k)): check_name("group", str(v))
            for k, v in dict(doc.get("sync") or {}).items()
        }
        return cls(
            fleet=check_name("fleet name", str(doc["fleet"])),
            broker=address,
            operator=Login(str(op["username"]), str(op["password"])) if op else None,
            displays=displays,
            http_base=str(base) if base else None,
            home_assistant=bool(doc.get("home_assistant", False)),
            group=check_name("group", str(group)) if group else None,
            sync=sync,
            path=path,
        )


def _login_json(login: Login) -> dict[str, str]:
    return {"username": login.username, "password": login.password}


def _private(path: str, flags: int) -> int:
    import os

    return os.open(path, flags, 0o600)
