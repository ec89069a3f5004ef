"""A display's offline cache: content-addressed files, assembled releases, one `current` link.

    <cache>/objects/ab/abcdef…      one file per SHA-256, written only after its hash checked
    <cache>/releases/<version>/     a deck as the playlist sees it (hard links into objects/)
    <cache>/current -> releases/<version>     what `kiosk run` plays; replaced atomically
    <cache>/state.json              the manifest applied last (its seq, version, sync epoch)

Every write goes to a temporary name in the same folder, is flushed to disk, then renamed:
a process killed or a power cut at any moment leaves either the old file or the new one, and
at worst a `.tmp-*` file that the next start removes. A release is assembled in
`releases/.tmp-<version>`, validated with the playlist loader and the strict path rule, and
only then renamed into place and linked as `current` (a new symlink renamed over the old one),
which the player's hot reload then shows. The newest `KEEP` releases are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.fleet.manifest import Manifest, ManifestError, check_rel_path

__all__ = ["KEEP", "Cache", "ReleaseError"]

log = logging.getLogger("kiosk.fleet.cache")

KEEP = 3


class ReleaseError(Exception):
    """A release that cannot be assembled or does not validate; the text says why."""


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.releases = root / "releases"
        self.current = root / "current"
        for folder in (self.objects, self.releases):
            folder.mkdir(parents=True, exist_ok=True)
        self._clean_leftovers()

    # --- objects ------------------------------------------------------------------------

    def object_path(self, sha: str) -> Path:
        return self.objects / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.object_path(sha).is_file()

    def missing(self, manifest: Manifest) -> list[str]:
        """Hashes of the manifest's files not in the cache yet (each once)."""
        return list(dict.fromkeys(f.sha256 for f in manifest.files if not self.has(f.sha256)))

    def put(self, sha: str, data: bytes) -> None:
        """Store `data` as object `sha`; ReleaseError (nothing stored) when the hash differs."""
        got = hashlib.sha256(data).hexdigest()
        if got != sha:
            raise ReleaseError(f"file {sha[:12]}…: hash mismatch (got {got[:12]}…), refused")
        target = self.object_path(sha)
        if target.is_file():
            return
        target.parent.mkdir(exist_ok=True)
        _atomic_write(target, data)

    # --- releases -----------------------------------------------------------------------

    def current_version(self) -> str | None:
        try:
            return os.readlink(self.current).rsplit("/", 1)[-1]
        except OSError:
            return None

    def current_playlist(self) -> Path | None:
        state = self.read_state()
        name = state.get("playlist") if state else None
        if not isinstance(name, str) or self.current_version() is None:
            return None
        path = self.current / name
        return path if path.is_file() else None

    def read_state(self) -> dict[str, Any]:
        try:
            doc = json.loads((self.root / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def sync_epoch(self) -> float | None:
        """The sync group's epoch of the release on `current` (None: not a sync release)."""
        epoch = self.read_state().get("epoch")
        if not isinstance(epoch, int | float) or isinstance(epoch, bool) or not 0 <= epoch < 1e11:
            return None
        return float(epoch) if self.current_version() is not None else None

    def last_move(self) -> dict[str, Any]:
        """The sync group's last manual move on this deck (`save_move`), or {}."""
        try:
            doc = json.loads((self.root / "sync-move.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def save_move(self, doc: dict[str, Any]) -> None:
        """Keep the group's last manual move: a restart rotates on from it as the group does."""
        _atomic_write(self.root / "sync-move.json", json.dumps(doc).encode(), sync=False)

    def assemble(self, manifest: Manifest) -> Path:
        """Build and validate the release folder of `manifest` (all its objects are cached).

        Returns the release folder; ReleaseError when a file is missing or the deck does not
        validate (the folder is then removed, `current` is untouched).
        """
        final = self.releases / manifest.version
        if final.is_dir():
            return final
        tmp = self.releases / f".tmp-{manifest.version}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            for entry in manifest.files:
                check_rel_path(entry.path)
                source = self.object_path(entry.sha256)
                if not source.is_file():
                    raise ReleaseError(f"{entry.path}: not in the cache")
                target = tmp / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
            self._validate(tmp, manifest)
            _fsync_dir(tmp)
            os.replace(tmp, final)
        except (OSError, ManifestError) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ReleaseError(f"cannot assemble release {manifest.version}: {e}") from None
        except ReleaseError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _fsync_dir(self.releases)
        return final

    def switch(self, manifest: Manifest) -> Path:
        """Point `current` at the assembled release of `manifest` (atomically); its playlist."""
        link = self.root / "current.tmp"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        os.symlink(f"releases/{manifest.version}", link)
        os.replace(link, self.current)
        _atomic_write(
            self.root / "state.json",
            json.dumps(
                {
                    "version": manifest.version,
                    "seq": manifest.seq,
                    "deck": manifest.deck,
                    "playlist": manifest.playlist,
                    "group": manifest.group,
                    "epoch": manifest.epoch,
                }
            ).encode(),
        )
        _fsync_dir(self.root)
        self.prune()
        return self.current / manifest.playlist

    def prune(self, keep: int = KEEP) -> None:
        """Keep the newest `keep` releases (and always the current one)."""
        current = self.current_version()
        releases = sorted(
            (p for p in self.releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: _seq(p.name),
            reverse=True,
        )
        for old in releases[keep:]:
            if old.name != current:
                shutil.rmtree(old, ignore_errors=True)

    def release_names(self) -> list[str]:
        return sorted(p.name for p in self.releases.iterdir() if not p.name.startswith("."))

    # --- internals ----------------------------------------------------------------------

    def _validate(self, folder: Path, manifest: Manifest) -> None:
        from kiosk.core.loader import PlaylistError, asset_refs, load_playlist

        playlist = folder / manifest.playlist
        try:  # the loader's strict rule also covers what SVGs pull in
            loaded = load_playlist(playlist, strict_paths=True)
        except PlaylistError as e:
            first = e.problems[0] if e.problems else "invalid"
            raise ReleaseError(f"the deck does not validate: {first}") from None
        root = folder.resolve()
        for _, rel, _ in asset_refs(loaded.playlist):
            target = (playlist.parent / rel).resolve()
            if not target.is_relative_to(root):
                raise ReleaseError(f"the playlist names {rel!r}, outside the deck (strict paths)")

    def _clean_leftovers(self) -> None:
        for path in _walk_tmp(self.root):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()


def _walk_tmp(root: Path) -> Iterator[Path]:
    for folder in (root, root / "releases", *root.joinpath("objects").glob("??")):
        with contextlib.suppress(OSError):
            for p in folder.iterdir():
                if p.name.startswith(".tmp-") or p.name == "current.tmp":
                    yield p


def _seq(name: str) -> int:
    head = name.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def _atomic_write(target: Path, data: bytes, *, sync: bool = True) -> None:
    tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            if sync:
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
