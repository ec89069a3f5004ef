"""Load a playlist file: read, parse, validate, check every referenced file, load its data.

Either you get a `LoadedPlaylist` (model + data tables, nothing left to read from disk) or a
`PlaylistError` carrying one `Problem` per mistake, each with file, line and column. No input
raises anything else: this is what `kiosk validate`, the player's hot reload and the editor use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from kiosk.core import errors
from kiosk.core.data import DataError, Table, read_text
from kiosk.core.datacheck import check_chart, check_ref, data_ref_value
from kiosk.core.errors import PlaylistError, Problem
from kiosk.core.jsonpos import JsonPath, locate
from kiosk.core.jsonread import MAX_DEPTH, read_json
from kiosk.core.langcheck import foreign_languages
from kiosk.core.localtext import MapTally, tally_context, tally_of
from kiosk.core.media import check_image, svg_subresources
from kiosk.core.model import (
    ChartSpec,
    MetricSlide,
    Playlist,
    SplitSlide,
)
from kiosk.core.modeltypes import file_refs
from kiosk.core.safeio import FileRefused, confine, read_head
from kiosk.core.series import load_data

__all__ = [
    "ChartData",
    "DeferData",
    "DeferFor",
    "LoadedPlaylist",
    "PlaylistError",
    "Problem",
    "check_playlist",
    "finish_data",
    "load_playlist",
    "parse_playlist",
    "read_playlist_text",
    "referenced_files",
    "resolve_ref",
]


@dataclass(frozen=True)
class ChartData:
    """What a chart draws: category labels, named series of numbers, the stressed label.

    From a data file of more than 10,000 rows (a line chart's machine data) the labels are a
    `columns.Labels` view and each series an `array('d')`, not lists (a million floats in a
    list are ~32 MB; the array is 8 MB). Both are typed as lists here because the chart
    code's signatures still say `list`; they index, iterate and compare as lists do.
    """

    labels: list[str]
    series: list[tuple[str, list[float]]]
    highlight: int | None


DeferData = Callable[[JsonPath], bool]  # may the data file named here be read later?
DeferFor = Callable[[Playlist], DeferData]  # the same, decided once the playlist is valid


@dataclass
class Deferred:
    """Data files a deck names that were not read when it validated (`parse_playlist`'s
    `defer_data`): where each is named, and the playlist text to place their problems in."""

    text: str
    files: dict[Path, list[tuple[JsonPath, str]]]  # target -> (JSON path, relative path)
    _failed: dict[Path, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, loaded: LoadedPlaylist, target: Path) -> str | None:
        """Read `target` into `loaded.tables` once (any thread); why it cannot be, or None."""
        if target not in self.files:
            return None
        with self._lock:  # one reader at a time: a slide that needs it waits for the worker
            if target in loaded.tables:
                return None
            if target not in self._failed:
                reason = _check_one(loaded, target, "data")
                if reason is not None:
                    self._failed[target] = reason
            return self._failed.get(target)


@dataclass
class LoadedPlaylist:
    """A valid playlist with its data tables already read (or, for `kiosk run`'s first
    frame, some of them still to read: `deferred`, see `finish_data`)."""

    path: Path
    playlist: Playlist
    raw: dict[str, Any]
    tables: dict[Path, Table] = field(default_factory=dict)
    strict_paths: bool = False
    _resolved: dict[str, Path] = field(default_factory=dict, repr=False, compare=False)
    deferred: Deferred | None = field(default=None, repr=False, compare=False)

    @property
    def deck_dir(self) -> Path:
        """The deck folder: the playlist's folder (strict mode keeps every file inside it)."""
        return self.path.parent

    def resolve(self, rel: str) -> Path:
        """The absolute path of `rel`, relative to the playlist's folder (cached)."""
        found = self._resolved.get(rel)
        if found is None:
            try:
                found = (self.path.parent / rel).resolve()
            except (OSError, ValueError, RuntimeError):  # NUL, a loop: resolve_ref says why
                found = self.path.parent / rel.replace("\x00", "")
            self._resolved[rel] = found
        return found

    def table(self, rel: str) -> Table:
        """The table of data file `rel`; one not read yet (`deferred`) is read now, and a
        file that cannot be read is a KeyError (its problem comes from `finish_data`)."""
        target = self.resolve(rel)
        if target not in self.tables and self.deferred is not None:
            self.deferred.read(self, target)
        return self.tables[target]

    def metric_value(self, slide: MetricSlide) -> float:
        if slide.value is not None:
            return slide.value
        if slide.data is None:
            return 0.0  # live only: kiosk.ui.live shows the feed's value (or "—")
        assert slide.data is not None
        return data_ref_value(self.table(slide.data.file), slide.data)

    def chart_data(self, spec: ChartSpec) -> ChartData:
        if spec.values is not None:
            labels = [p.label for p in spec.values]
            series = [(spec.y_title or "value", [p.value for p in spec.values])]
        elif spec.data is None:  # live only: kiosk.ui.live fills it in from the feed
            labels, series = ["—"], [(col, [0.0]) for col in spec.y_columns()]
        else:
            assert spec.data is not None
            assert spec.x is not None
            table = self.table(spec.data)
            labels = cast(list[str], table.texts(spec.x))
            series = [(col, cast(list[float], table.numbers(col))) for col in spec.y_columns()]
        highlight = labels.index(spec.highlight) if spec.highlight in labels else None
        return ChartData(labels, series, highlight)


def read_playlist_text(path: Path) -> str:
    """The playlist's text, through `safeio` (regular file, at most 4 MiB). PlaylistError."""
    try:
        return read_text(path, "playlist")
    except DataError as e:
        message = "file not found" if e.message == "not found" else e.message
        raise PlaylistError([Problem(_shown_name(path), e.line, e.col, "", message)]) from None


def _shown_name(path: Path) -> str:
    text = str(path).replace("\x00", "\\0")
    return text if len(text) <= 300 else text[:120] + "…" + text[-60:]


def load_playlist(path: Path | str, *, strict_paths: bool = False) -> LoadedPlaylist:
    """Read and validate the playlist at `path`. Raises PlaylistError.

    strict_paths: every file must be named by a relative path and lie inside the playlist's
    folder once symlinks are resolved (for decks that arrive over the network).
    """
    path = Path(path)
    return parse_playlist(read_playlist_text(path), path, strict_paths=strict_paths)


def check_playlist(path: Path | str, *, strict_paths: bool = False) -> list[Problem]:
    """Problems of the playlist at `path`; empty when it is valid."""
    try:
        load_playlist(path, strict_paths=strict_paths)
    except PlaylistError as e:
        return e.problems
    return []


def parse_playlist(
    text: str,
    path: Path,
    *,
    strict_paths: bool = False,
    defer_data: DeferData | None = None,
    defer_for: DeferFor | None = None,
) -> LoadedPlaylist:
    """Validate playlist `text` as if read from `path` (paths resolve beside it).

    defer_data: a data file named only at JSON paths for which it says True is not read
    (nor are the checks of the charts and metrics that read it made): the result's
    `deferred` lists it, `finish_data` reads and checks it, `LoadedPlaylist.table` reads it
    when a slide needs it first. `kiosk run` defers what its first slide does not need.
    defer_for: makes `defer_data` from the valid playlist (which slide opens the show is
    known only then: disabled slides, show rules, a sync group's place).
    """
    name = str(path)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise PlaylistError([Problem(name, 0, 0, "", "file is empty")])
    data = read_json(name, text)
    if not isinstance(data, dict):
        kind = errors.json_kind(data)
        raise PlaylistError([Problem(name, 1, 1, "", f"top level must be an object (got {kind})")])
    context = tally_context()  # language maps counted as they validate: see MapTally
    try:
        playlist = Playlist.model_validate(data, context=context)
    except ValidationError as e:
        pos = locate(text, MAX_DEPTH)
        raise PlaylistError(errors.translate(name, data, pos, e.errors())) from None
    loaded = LoadedPlaylist(path, playlist, data, strict_paths=strict_paths)
    if defer_for is not None:
        defer_data = defer_for(playlist)
    problems: list[Problem | errors.Pending] = list(
        _check_files(loaded, text, tally_of(context), defer_data)
    )
    if not playlist.active_slides():
        problems.append(errors.Pending(("slides",), "every slide is disabled: nothing to show"))
    if problems:
        pos = locate(text, MAX_DEPTH)
        raise PlaylistError(
            [
                errors.place(p, pos, loaded.path, data) if isinstance(p, errors.Pending) else p
                for p in problems
            ]
        )
    return loaded


# --- files the playlist refers to -------------------------------------------------------

_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2")


def asset_refs(playlist: Playlist) -> Iterator[tuple[JsonPath, str, str]]:
    """Every file the playlist names: (JSON path, relative path, 'image' | 'font' | 'data' |
    'video'), read off the model's path fields (`kiosk.core.modeltypes.file_refs`)."""
    return file_refs(playlist)


def _check_files(
    loaded: LoadedPlaylist,
    text: str,
    tally: MapTally | None = None,
    defer: DeferData | None = None,
) -> Iterator[Problem | errors.Pending]:
    refs = list(asset_refs(loaded.playlist))
    now = {rel for at, rel, kind in refs if kind == "data" and (defer is None or not defer(at))}
    later: dict[Path, list[tuple[JsonPath, str]]] = {}
    seen: dict[Path, str | None] = {}
    named: dict[str, tuple[Path, str | None]] = {}  # a deck names the same few files often:
    for json_path, rel, kind in refs:  # resolve (lstat a part) once
        if rel not in named:
            named[rel] = resolve_ref(loaded, rel)
        target, reason = named[rel]
        if reason is None and kind == "data" and rel not in now:
            later.setdefault(target, []).append((json_path, rel))
            continue
        if reason is None:
            if target not in seen:
                seen[target] = _check_one(loaded, target, kind)
            reason = seen[target]
        if reason:
            yield errors.Pending(json_path, f"{kind} file {_short(rel)!r}: {reason}")
    for target in [t for t in later if t in seen]:  # the same file, also named for now
        for json_path, rel in later.pop(target):
            if seen[target]:
                yield errors.Pending(json_path, f"data file {_short(rel)!r}: {seen[target]}")
    if later:
        loaded.deferred = Deferred(text, later)
    for json_path, message in foreign_languages(loaded.playlist, tally):
        yield errors.Pending(json_path, message)
    yield from _data_checks(loaded)


def _data_checks(loaded: LoadedPlaylist, only: set[Path] | None = None) -> Iterator[errors.Pending]:
    """The checks of what charts and metrics read (of those reading `only`, if given);
    a table not read (yet) is not checked."""
    table_of = _table_of(loaded)
    for i, slide in enumerate(loaded.playlist.slides):
        spec: ChartSpec | None = None
        where: JsonPath = ("slides", i)
        if isinstance(slide, ChartSpec):
            spec = slide
        elif isinstance(slide, SplitSlide) and slide.chart:
            spec, where = slide.chart, (*where, "chart")
        if spec is not None and _reads(loaded, spec.data, only):
            yield from check_chart(table_of, spec, where)
        if isinstance(slide, MetricSlide) and slide.data and _reads(loaded, slide.data.file, only):
            yield from check_ref(table_of, slide.data, (*where, "data"))


def _reads(loaded: LoadedPlaylist, rel: str | None, only: set[Path] | None) -> bool:
    return only is None or (rel is not None and loaded.resolve(rel) in only)


def finish_data(loaded: LoadedPlaylist) -> list[Problem]:
    """Read the data files validation left for later and check what reads them: the same
    problems, with the same lines, that validating the deck at once would have given.
    Safe in a worker thread (the tables are filled, nothing else of the deck changes)."""
    deferred = loaded.deferred
    if deferred is None:
        return []
    found: list[errors.Pending] = []
    for target, names in deferred.files.items():
        reason = deferred.read(loaded, target)
        if reason:
            found += [
                errors.Pending(at, f"data file {_short(rel)!r}: {reason}") for at, rel in names
            ]
    found += _data_checks(loaded, set(deferred.files))
    if not found:
        return []
    pos = locate(deferred.text, MAX_DEPTH)
    return [errors.place(p, pos, loaded.path, loaded.raw) for p in found]


def _table_of(loaded: LoadedPlaylist) -> Callable[[str], Table | None]:
    """The table a data path names, once read (None: its file problem is reported already)."""
    return lambda rel: loaded.tables.get(loaded.resolve(rel))


def _short(rel: str) -> str:
    rel = rel.replace("\x00", "\\0")
    return rel if len(rel) <= 120 else rel[:60] + "…" + rel[-40:]


def resolve_ref(loaded: LoadedPlaylist, rel: str) -> tuple[Path, str | None]:
    """Where `rel` points and why that is not allowed (None: fine), by the path rule.

    Default: relative paths resolve beside the playlist and may climb (`../assets/…`, as the
    bundled deck does); absolute paths are allowed. strict_paths: neither — every file must
    be inside the deck folder once symlinks are resolved.
    """
    strict = loaded.strict_paths
    target, reason = confine(
        loaded.deck_dir, rel, root=loaded.deck_dir if strict else None, strict=strict
    )
    if reason is None:
        loaded._resolved[rel] = target
    return target, reason


def _check_one(loaded: LoadedPlaylist, target: Path, kind: str) -> str | None:
    if kind == "data":
        try:
            loaded.tables[target] = load_data(target)
        except DataError as e:
            where = f" (line {e.line})" if e.line else ""
            return "not found" if e.message == "file not found" else f"{e.message}{where}"
        return None
    if kind == "video":
        try:  # a regular file within the limit; what plays is for the Qt probe to say
            read_head(target, "video", 64)
        except FileRefused as e:
            return e.reason
        return None
    if kind == "font":
        try:
            head, _ = read_head(target, "font", 64)
        except FileRefused as e:
            return e.reason
        return None if head.startswith(_FONT_MAGIC) else "not a TrueType/OpenType/WOFF font"
    return check_image(target, loaded.deck_dir if loaded.strict_paths else None, loaded.deck_dir)


def referenced_files(loaded: LoadedPlaylist) -> set[Path]:
    """Every file the deck is made of besides the playlist: the files it names and what its
    SVGs pull in (for the hot-reload watcher)."""
    out: set[Path] = set()
    root = loaded.deck_dir if loaded.strict_paths else None
    for _, rel, kind in asset_refs(loaded.playlist):
        target, reason = resolve_ref(loaded, rel)
        if reason is not None:
            continue
        out.add(target)
        if kind == "image" and target.suffix.lower() in (".svg", ".svgz"):
            out.update(svg_subresources(target, root, loaded.deck_dir))
    return out
