"""A deck's manifest: what a display needs to assemble a release, and nothing it must trust.

Publisher side, `build_release(playlist)` validates the deck exactly as `kiosk validate` does,
then lists every file it names with its SHA-256 and size. Files outside the deck's folder
(`../assets/logo.svg`, as the bundled deck has) get a place inside the release
(`_up/assets/logo.svg`) and the playlist sent is rewritten to name them there, so that what a
display receives always passes the strict path rule.

Display side, `parse_manifest(payload)` checks the shape, names, sizes and paths of a manifest
from the network (`ManifestError` says what is wrong, for the log) before anything is fetched:

    {"format": 1, "fleet": "expo", "group": "lobby", "version": "1764620100123-3f2a…",
     "seq": 1764620100123, "deck": "3f2a…", "published": "2026-12-01T20:15:00Z", "at": null,
     "playlist": "playlist.json", "base_url": null, "epoch": null,
     "files": [{"path": "playlist.json", "sha256": "…", "size": 5120}, …]}

`version` is unique per publish; `deck` is the hash of the file list (the same deck published
twice has the same `deck`); `seq` orders publishes (milliseconds): a display ignores a manifest
whose `seq` is not newer than the one it applied, so a retained copy received again does
nothing. `epoch` (wall-clock seconds, or null) makes the group a sync group for this deck: every
display computes its slide from that shared start (`kiosk.core.timeline`).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.fleet.config import (
    HEX64,
    HTTP_FILE_LIMIT,
    MANIFEST_LIMIT,
    MAX_DECK_BYTES,
    MAX_FILES,
    MQTT_FILE_LIMIT,
    FleetError,
)

__all__ = [
    "FileEntry",
    "Manifest",
    "ManifestError",
    "Release",
    "build_release",
    "check_rel_path",
    "parse_manifest",
]

FORMAT = 1
UP = "_up"


class ManifestError(ValueError):
    """A manifest from the network that cannot be used; the text says why."""


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative, POSIX, inside the release
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    fleet: str
    group: str
    version: str
    seq: int
    deck: str
    published: str
    at: float | None  # epoch seconds: switch at this moment (None: when ready)
    playlist: str
    files: tuple[FileEntry, ...]
    base_url: str | None
    epoch: float | None = None  # a sync group's shared start (None: each display on its own)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "fleet": self.fleet,
            "group": self.group,
            "version": self.version,
            "seq": self.seq,
            "deck": self.deck,
            "published": self.published,
            "at": self.at,
            "playlist": self.playlist,
            "base_url": self.base_url,
            "epoch": self.epoch,
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files],
        }

    def payload(self) -> bytes:
        return json.dumps(self.to_json(), separators=(",", ":")).encode()

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def over_http(self, entry: FileEntry) -> bool:
        """This file comes from `base_url` (too big for an MQTT message)."""
        return entry.size > MQTT_FILE_LIMIT


@dataclass(frozen=True)
class Release:
    """A validated deck ready to publish: its manifest and where each file's bytes are."""

    manifest: Manifest
    sources: dict[str, Path]  # sha256 -> a local file with those bytes
    playlist_bytes: bytes  # the playlist as sent (rewritten when files were outside the deck)
    slides: int


def check_rel_path(text: str) -> str:
    """The strict path rule: relative, POSIX, no '..', no empty or dot parts, no NUL; or raise."""
    if not text or len(text) > 512 or "\x00" in text or "\\" in text:
        raise ManifestError(f"bad file path {text[:80]!r}")
    pure = PurePosixPath(text)
    if pure.is_absolute() or any(p in ("", ".", "..") for p in text.split("/")):
        raise ManifestError(f"file path {text[:80]!r} is not inside the deck")
    if text.split("/")[0] == ".tmp":
        raise ManifestError(f"file path {text[:80]!r} is reserved")
    return text


def build_release(
    playlist: Path,
    *,
    fleet: str,
    group: str,
    at: float | None = None,
    base_url: str | None = None,
    now: float | None = None,
    sync: bool = False,
    epoch: float | None = None,
) -> Release:
    """Validate `playlist` like `kiosk validate` and describe it as a release. Raises
    `kiosk.core.loader.PlaylistError` (its problems, one line each) or FleetError.
    `sync` (or an explicit `epoch`): a sync group's release, its timeline starting at
    `epoch`, else at `at`, else at the publish time."""
    from kiosk.core.loader import asset_refs, load_playlist

    loaded = load_playlist(playlist)
    deck_dir = playlist.absolute().parent
    raw = json.loads(json.dumps(loaded.raw))  # a plain copy we may rewrite
    rewritten = False
    places: dict[str, Path] = {}  # release path -> source file
    for json_path, rel, _kind in asset_refs(loaded.playlist):
        source = (deck_dir / rel).resolve()
        place = _place(rel, source, deck_dir)
        if place != rel:
            _set(raw, json_path, place)
            rewritten = True
        places[place] = source
    text = playlist.read_bytes()
    playlist_bytes = (
        (json.dumps(raw, ensure_ascii=False, indent=1) + "\n").encode() if rewritten else text
    )
    name = "playlist.json"
    entries: list[FileEntry] = []
    sources: dict[str, Path] = {}
    for place, source in sorted(places.items()):
        data = source.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        entries.append(FileEntry(place, sha, len(data)))
        sources[sha] = source
    pl_sha = hashlib.sha256(playlist_bytes).hexdigest()
    entries.insert(0, FileEntry(name, pl_sha, len(playlist_bytes)))
    too_big = [e for e in entries if e.size > MQTT_FILE_LIMIT]
    if too_big and not base_url:
        raise FleetError(
            f"{too_big[0].path} is {too_big[0].size / 1e6:.1f} MB, over the "
            f"{MQTT_FILE_LIMIT // (1024 * 1024)} MiB a file may be over MQTT: serve the deck's "
            "big files over HTTP(S) (set http_base in the fleet file or --base-url)"
        )
    deck = hashlib.sha256("\n".join(f"{e.path}\0{e.sha256}" for e in entries).encode()).hexdigest()
    now = time.time() if now is None else now
    seq = int(now * 1000)
    manifest = Manifest(
        fleet=fleet,
        group=group,
        version=f"{seq}-{deck[:12]}",
        seq=seq,
        deck=deck,
        published=datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
        at=at,
        playlist=name,
        files=tuple(entries),
        base_url=base_url,
        epoch=epoch if epoch is not None else (at if at is not None else now) if sync else None,
    )
    if len(manifest.payload()) > MANIFEST_LIMIT:
        raise FleetError(f"the deck names too many files for one manifest ({len(entries)})")
    return Release(manifest, sources, playlist_bytes, len(loaded.playlist.slides))


def _place(rel: str, source: Path, deck_dir: Path) -> str:
    """Where a file named `rel` by the playlist sits in the release."""
    try:
        inside = source.relative_to(deck_dir)
        candidate = inside.as_posix()
    except ValueError:
        # outside the deck folder: keep its path below the common ancestor, under _up/
        parts = PurePosixPath(rel.replace("\\", "/")).parts
        kept = [p for p in parts if p not in ("..", ".")]
        candidate = "/".join([UP, *kept]) if kept else f"{UP}/{source.name}"
    try:
        return check_rel_path(candidate)
    except ManifestError:
        return f"{UP}/{hashlib.sha256(str(source).encode()).hexdigest()[:16]}/{source.name}"


def _set(raw: Any, json_path: tuple[Any, ...], value: str) -> None:
    target = raw
    for key in json_path[:-1]:
        target = target[key]
    target[json_path[-1]] = value


def parse_manifest(payload: bytes, *, fleet: str, group: str) -> Manifest:
    """A manifest from the network, checked; ManifestError says why not."""
    if len(payload) > MANIFEST_LIMIT:
        raise ManifestError(f"manifest is {len(payload)} bytes (limit {MANIFEST_LIMIT})")
    try:
        doc = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ManifestError(f"manifest is not JSON: {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ManifestError(f"manifest must be an object with format {FORMAT}")
    try:
        manifest = _manifest(doc)
    except (KeyError, TypeError, ValueError) as e:
        if isinstance(e, ManifestError):
            raise
        raise ManifestError(f"manifest field {e}: missing or of the wrong type") from None
    if manifest.fleet != fleet or manifest.group != group:
        raise ManifestError(
            f"manifest is for {manifest.fleet}/{manifest.group}, this display is {fleet}/{group}"
        )
    return manifest


def _str(doc: dict[str, Any], key: str, limit: int = 200) -> str:
    value = doc[key]
    if not isinstance(value, str) or len(value) > limit:
        raise ManifestError(f"manifest field {key!r} must be a string of at most {limit}")
    return value


def _manifest(doc: dict[str, Any]) -> Manifest:
    files_doc = doc["files"]
    if not isinstance(files_doc, list) or not 1 <= len(files_doc) <= MAX_FILES:
        raise ManifestError(f"manifest must list 1 to {MAX_FILES} files")
    files: list[FileEntry] = []
    seen: set[str] = set()
    folders: set[str] = set()
    for item in files_doc:
        if not isinstance(item, dict):
            raise ManifestError("a manifest file entry must be an object")
        path = check_rel_path(_str(item, "path", 512))
        sha = _str(item, "sha256", 64)
        size = item["size"]
        if not HEX64.fullmatch(sha):
            raise ManifestError(f"{path}: sha256 must be 64 lower-case hex digits")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= HTTP_FILE_LIMIT:
            raise ManifestError(f"{path}: size must be 0..{HTTP_FILE_LIMIT}")
        if path in seen or path in folders:
            raise ManifestError(f"{path}: listed twice")
        seen.add(path)
        parts = path.split("/")
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
        files.append(FileEntry(path, sha, size))
    if seen & folders:
        raise ManifestError("a path is both a file and a folder")
    if sum(f.size for f in files) > MAX_DECK_BYTES:
        raise ManifestError(f"the deck is larger than {MAX_DECK_BYTES // 2**20} MiB")
    playlist = check_rel_path(_str(doc, "playlist", 512))
    if playlist not in seen:
        raise ManifestError(f"the playlist {playlist!r} is not among the files")
    seq = doc["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ManifestError("manifest seq must be a whole number")
    at, epoch = doc.get("at"), doc.get("epoch")
    for key, value in (("at", at), ("epoch", epoch)):
        if value is not None and (
            not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1e11
        ):
            raise ManifestError(f"manifest {key!r} must be a number (epoch seconds) or null")
    version = _str(doc, "version", 100)
    if not version or not all(c.isalnum() or c in "-_." for c in version) or version[0] == ".":
        raise ManifestError("manifest version must be letters, digits, '-', '_' or '.'")
    base = doc.get("base_url")
    if base is not None and (
        not isinstance(base, str) or not base.startswith(("http://", "https://"))
    ):
        raise ManifestError("manifest base_url must be an http:// or https:// URL")
    return Manifest(
        fleet=_str(doc, "fleet", 63),
        group=_str(doc, "group", 63),
        version=version,
        seq=seq,
        deck=_str(doc, "deck", 64),
        published=_str(doc, "published", 40),
        at=float(at) if at is not None else None,
        playlist=playlist,
        files=tuple(files),
        base_url=base,
        epoch=float(epoch) if epoch is not None else None,
    )
