"""`kiosk fleet init DIR`: everything a Mosquitto broker needs to carry one fleet.

Writes, in DIR:

- `ca.crt` / `ca.key`, `server.crt` / `server.key`: a CA and a server certificate made here
  (ECDSA P-256, the server's names and addresses in its subjectAltName), unless the operator
  gives their own (`--cert`, `--key`, `--ca`);
- `passwd`: one login per display plus `operator`, in Mosquitto's own PBKDF2-SHA512 format
  (`$7$`), so neither `mosquitto_passwd` nor the broker is needed on the machine that runs init;
- `acl`: the operator may read and write the fleet's topics; a display (logged in as its id)
  reads decks, files and group commands, and writes only under `display/<its id>/` (and, in a
  sync group, that one group's `sync` topic);
- `mosquitto.conf`: TLS listener, no anonymous logins, persistence (retained decks and the
  operator's proof-of-play queue survive a broker restart);
- `fleet.json` (the operator's) and `displays/<id>.json` (one per display, its login only).

`mosquitto -c DIR/mosquitto.conf` then starts the broker.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import ipaddress
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.fleet.config import MQTT_FILE_LIMIT, BrokerAddress, FleetError, FleetFile, Login
from kiosk.fleet.config import check_name as _check

__all__ = ["InitOptions", "add_displays", "fleet_init", "mosquitto_hash"]

PBKDF2_ITERATIONS = 101  # what mosquitto_passwd 2.0 writes; the broker reads the count per line
OPERATOR = "operator"


@dataclass(frozen=True)
class InitOptions:
    folder: Path
    fleet: str
    displays: tuple[str, ...]
    host: str = "localhost"
    port: int = 8883
    bind: str = ""  # listener address; "" all interfaces
    tls: bool = True
    cert: Path | None = None
    key: Path | None = None
    ca: Path | None = None
    force: bool = False
    group: str | None = None  # written into every display's file (kiosk run --group default)
    sync: bool = False  # the group is a sync group: its displays may write its sync topic


def mosquitto_hash(password: str, salt: bytes | None = None) -> str:
    """A password line's hash part, as mosquitto_passwd 2.0 writes it: $7$iter$salt$hash."""
    salt = salt or secrets.token_bytes(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, PBKDF2_ITERATIONS, 64)
    b64 = base64.b64encode
    return f"$7${PBKDF2_ITERATIONS}${b64(salt).decode()}${b64(digest).decode()}"


def fleet_init(opts: InitOptions) -> FleetFile:
    """Write the broker's and the displays' files into `opts.folder`; the operator's fleet file."""
    folder = opts.folder.absolute()
    _check("fleet name", opts.fleet)
    if not opts.displays:
        raise FleetError("name at least one display (--displays lobby-1,lobby-2 or --displays 4)")
    for d in opts.displays:
        _check("display", d)
        if d == OPERATOR:
            raise FleetError(f"'{OPERATOR}' is the operator's login; name the display otherwise")
    if len(set(opts.displays)) != len(opts.displays):
        raise FleetError("a display is named twice")
    if opts.sync and not opts.group:
        raise FleetError("--sync needs --group: the sync group the displays are in")
    if (folder / "fleet.json").exists() and not opts.force:
        raise FleetError(f"{folder} already holds a fleet (fleet.json); --force replaces it")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "displays").mkdir(exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)

    ca_pem: str | None = None
    if opts.tls:
        ca_pem = _tls_files(folder, opts)
    operator = Login(OPERATOR, secrets.token_urlsafe(18))
    displays = {d: Login(d, secrets.token_urlsafe(18)) for d in opts.displays}
    _write_private(
        folder / "passwd",
        "".join(
            f"{u.username}:{mosquitto_hash(u.password)}\n" for u in [operator, *displays.values()]
        ),
    )
    sync = {d: opts.group for d in opts.displays if opts.sync and opts.group}
    (folder / "acl").write_text(acl_text(opts.fleet, opts.displays, sync), encoding="utf-8")
    (folder / "mosquitto.conf").write_text(_conf_text(folder, opts), encoding="utf-8")
    broker = BrokerAddress(opts.host, opts.port, tls=opts.tls, ca_pem=ca_pem)
    fleet = FleetFile(opts.fleet, broker, operator=operator, displays=displays, sync=sync)
    fleet.save(folder / "fleet.json")
    if opts.group:
        _check("group", opts.group)
    for d, login in displays.items():
        own = {d: sync[d]} if d in sync else {}
        FleetFile(opts.fleet, broker, displays={d: login}, group=opts.group, sync=own).save(
            folder / "displays" / f"{d}.json"
        )
    fleet.path = folder / "fleet.json"
    _give_to_broker_user(folder)
    return fleet


def add_displays(
    folder: Path, names: tuple[str, ...], *, group: str | None = None, sync: bool = False
) -> FleetFile:
    """Add logins to a fleet `init` wrote: passwd, acl, fleet.json, displays/ID.json
    (`group`: their default group; `sync`: it is a sync group, they may write its topic).

    The broker reads the password file and the ACL again on SIGHUP (`systemctl reload`)."""
    folder = folder.absolute()
    fleet = FleetFile.load(folder / "fleet.json")
    operator = fleet.operator_login()
    for d in names:
        _check("display", d)
        if d in fleet.displays or d == operator.username:
            raise FleetError(f"display {d!r} is already in the fleet")
    if len(set(names)) != len(names):
        raise FleetError("a display is named twice")
    if sync and not group:
        raise FleetError("--sync needs --group: the sync group the displays are in")
    if group:
        _check("group", group)
    added = {d: Login(d, secrets.token_urlsafe(18)) for d in names}
    with open(folder / "passwd", "a", encoding="utf-8") as f:
        f.writelines(f"{u.username}:{mosquitto_hash(u.password)}\n" for u in added.values())
    fleet.displays.update(added)
    if sync and group:
        fleet.sync.update(dict.fromkeys(names, group))
    acl = acl_text(fleet.fleet, tuple(fleet.displays), fleet.sync)
    (folder / "acl").write_text(acl, encoding="utf-8")
    fleet.save(folder / "fleet.json")
    for d, login in added.items():
        own = {d: fleet.sync[d]} if d in fleet.sync else {}
        FleetFile(fleet.fleet, fleet.broker, displays={d: login}, group=group, sync=own).save(
            folder / "displays" / f"{d}.json"
        )
    _give_to_broker_user(folder)
    return fleet


def _give_to_broker_user(folder: Path) -> None:
    """Run as root, mosquitto drops to its own user before reading the password file and the
    key: make those (and its persistence folder) that user's, as the Debian package expects."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    import pwd

    try:
        user = pwd.getpwnam("mosquitto")
    except KeyError:
        return
    for name in ("passwd", "acl", "server.key", "data"):
        with contextlib.suppress(OSError):
            os.chown(folder / name, user.pw_uid, user.pw_gid)


def acl_text(fleet: str, displays: tuple[str, ...], sync: dict[str, str] | None = None) -> str:
    """One section per login. (Mosquitto applies `topic` lines above the first `user` line
    to anonymous clients only, and warns about `pattern` lines without %u: so no shortcuts.)
    A display of a sync group (`sync`: display -> group) may also read and write that one
    group's `sync` topic: "slide N at T" and clock pings, nothing else."""
    sync = sync or {}
    root = f"kiosk/{fleet}"
    parts = [
        f"# kiosk fleet '{fleet}' (written by kiosk fleet init)\n"
        "# the operator publishes decks and commands and reads everything of the fleet\n"
        f"user {OPERATOR}\ntopic readwrite {root}/#\ntopic readwrite homeassistant/#\n"
    ]
    for d in displays:
        parts.append(
            f"\n# display {d}: reads decks, files and commands; writes only its own topics\n"
            f"user {d}\n"
            f"topic read {root}/group/+/manifest\n"
            f"topic read {root}/group/+/cmd\n"
            f"topic read {root}/files/#\n"
            f"topic readwrite {root}/display/{d}/#\n"
            f"topic write homeassistant/+/kiosk-{fleet}-{d}/+/config\n"
        )
        if d in sync:
            parts.append(f"topic readwrite {root}/group/{sync[d]}/sync\n")
    return "".join(parts)


def _conf_text(folder: Path, opts: InitOptions) -> str:
    listener = f"listener {opts.port} {opts.bind}".rstrip()
    tls = ""
    if opts.tls:
        tls = (
            f"cafile {folder / 'ca.crt'}\n"
            f"certfile {folder / 'server.crt'}\n"
            f"keyfile {folder / 'server.key'}\n"
            "tls_version tlsv1.2\n"
        )
    return f"""\
# Mosquitto configuration for kiosk fleet '{opts.fleet}' (written by kiosk fleet init).
# Start: mosquitto -c {folder / "mosquitto.conf"}
per_listener_settings false
allow_anonymous false
password_file {folder / "passwd"}
acl_file {folder / "acl"}

{listener}
{tls}
# retained decks and files, and the operator's queued proof of play, survive a restart
persistence true
persistence_location {folder / "data"}/
autosave_interval 60
# proof of play waits here for 'kiosk fleet proof' (one message per play)
max_queued_messages 200000
max_queued_bytes 0
# a deck's files travel as retained messages; bigger ones come over HTTP(S) (README: Fleet)
max_packet_size {MQTT_FILE_LIMIT + 65536}
# commands and status are small: without this, Nagle + delayed ACK add ~40 ms to each
set_tcp_nodelay true
log_dest stderr
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
"""


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def _tls_files(folder: Path, opts: InitOptions) -> str:
    """The CA PEM the clients trust; copies the operator's files or makes a CA and a cert."""
    given = (opts.cert, opts.key)
    if any(given) and not all(given):
        raise FleetError("--cert and --key go together (and --ca if the cert is not self-signed)")
    if opts.cert is not None and opts.key is not None:
        for src, name in ((opts.cert, "server.crt"), (opts.key, "server.key"), (opts.ca, "ca.crt")):
            if src is not None:
                try:
                    shutil.copyfile(src, folder / name)
                except OSError as e:
                    raise FleetError(f"cannot copy {src}: {e.strerror or e}") from None
        if opts.ca is None:
            shutil.copyfile(opts.cert, folder / "ca.crt")
        os.chmod(folder / "server.key", 0o600)
        return (folder / "ca.crt").read_text(encoding="utf-8")
    return _make_certs(folder, opts.host)


def _make_certs(folder: Path, host: str) -> str:
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        raise FleetError(
            "making TLS certificates needs the 'cryptography' package: pip install 'kiosk[fleet]'"
            " (or give your own with --cert/--key/--ca)"
        ) from None

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"kiosk fleet CA ({host})")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    names: list[x509.GeneralName] = []
    for name in dict.fromkeys([host, "localhost", "127.0.0.1", "::1"]):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            names.append(x509.DNSName(name))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    plain = serialization.NoEncryption()
    pkcs8 = serialization.PrivateFormat.PKCS8
    ca_pem = ca.public_bytes(pem).decode()
    (folder / "ca.crt").write_text(ca_pem, encoding="utf-8")
    _write_private(folder / "ca.key", ca_key.private_bytes(pem, pkcs8, plain).decode())
    (folder / "server.crt").write_text(cert.public_bytes(pem).decode(), encoding="utf-8")
    _write_private(folder / "server.key", key.private_bytes(pem, pkcs8, plain).decode())
    return ca_pem
