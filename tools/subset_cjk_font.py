"""Subset the deck's CJK font to exactly the characters the deck uses.

The bundled deck is English and Simplified Chinese. Inter draws the Latin text; Noto Sans CJK
SC draws what Inter lacks. The full Noto Sans CJK collection is about 20 MB a weight, so kiosk
ships a subset of its SC face with only the characters of the deck: every text field in every
language (notes, chart `labels` and the deck title included), the labels and series names of
the data files the charts draw, plus ASCII and the common full-width punctuation so that a
short edit does not need a new subset at once.

    python tools/subset_cjk_font.py                 regenerate assets/fonts/NotoSansCJKsc-*.otf
    python tools/subset_cjk_font.py --check         exit 1, listing them, if characters of the
                                                    deck are missing from the committed subset
    python tools/subset_cjk_font.py PLAYLIST --out DIR --regular TTC --bold TTC

The source fonts default to Debian's `fonts-noto-cjk` (/usr/share/fonts/opentype/noto/); the
SC face is picked from the collection by its family name. Needs fontTools
(`pip install -e '.[fonts]'`). The output is reproducible: the same deck and source fonts give
the same bytes (the head table keeps the source font's timestamp).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, WrapValidator

from kiosk.core.errors import PlaylistError
from kiosk.core.jsonpos import format_path
from kiosk.core.loader import LoadedPlaylist, parse_playlist, read_playlist_text
from kiosk.core.localtext import Local, Words
from kiosk.core.model import ChartSpec, SplitSlide
from kiosk.resources import assets_dir, bundled_playlist

NAME = "subset_cjk_font"
FAMILY = "Noto Sans CJK SC"
# The subset's own family name: with the source's, Qt merged it with a machine's full Noto Sans
# CJK (Debian's fonts-noto-cjk, 20 MB a weight) and drew with those files (13 MiB more PSS).
BUNDLED_FAMILY = "Noto Sans CJK SC Subset"
DEBIAN = Path("/usr/share/fonts/opentype/noto")
SOURCES = {"Regular": DEBIAN / "NotoSansCJK-Regular.ttc", "Bold": DEBIAN / "NotoSansCJK-Bold.ttc"}
OUTPUT = "NotoSansCJKsc-{weight}-subset.otf"
# always in the subset: ASCII (digits and punctuation beside Chinese text, should a screen put
# the CJK face first) and the full-width punctuation of Chinese text
ASCII = {chr(c) for c in range(0x20, 0x7F)}
PUNCTUATION = set("，。：；“”（）、·！？《》—…")
CJK_LANGUAGES = ("zh", "ja", "ko", "yue")
_UNUSED_FEATURES = frozenset({"locl", "vert", "vrt2", "vkrn", "vpal", "vhal", "valt", "vchw"})

# the marker of a text field: the validator that `localtext` puts on every Words type
_WORDS = next(m.func for m in get_args(Words)[1:] if isinstance(m, WrapValidator))


class Failure(Exception):
    """A one-line reason the tool cannot do its job."""


@dataclass
class DeckText:
    """Every character the deck shows, and where each one is used."""

    where: dict[str, list[str]] = field(default_factory=dict)
    cjk: set[str] = field(default_factory=set)  # characters of texts in a CJK language

    def add(self, text: str, place: str, lang: str = "") -> None:
        for ch in text:
            if not drawable(ch):
                continue
            places = self.where.setdefault(ch, [])
            if place not in places:
                places.append(place)
            if lang.split("-", 1)[0].lower() in CJK_LANGUAGES:
                self.cjk.add(ch)

    def places(self, ch: str, limit: int = 3) -> str:
        found = self.where.get(ch, [])
        more = f" (+{len(found) - limit} more)" if len(found) > limit else ""
        return ", ".join(found[:limit]) + more


def drawable(ch: str) -> bool:
    """Whether a character needs a glyph: not whitespace, not a control or format character."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")


def _marks_words(annotation: Any, metadata: Iterable[Any] = ()) -> bool:
    """Whether a field's type is (or holds) human-visible text, as `localtext` marks it."""
    if any(isinstance(m, WrapValidator) and m.func is _WORDS for m in metadata):
        return True
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _marks_words(base, extra)
    return any(_marks_words(arg) for arg in get_args(annotation))


def _walk(
    value: Any, at: tuple[Any, ...], is_text: bool
) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            text = _marks_words(info.annotation, info.metadata)
            yield from _walk(getattr(value, name), (*at, info.alias or name), text)
    elif isinstance(value, Local):
        for lang, text in value.texts.items():
            yield at, lang, text
    elif isinstance(value, str):
        if is_text:
            yield at, "", value
    elif isinstance(value, list):
        for j, item in enumerate(value):
            yield from _walk(item, (*at, j), is_text)
    elif isinstance(value, dict):  # a chart's `labels`: its values are text, its keys data names
        for key, item in value.items():
            yield from _walk(item, (*at, key), is_text)


def _place(loaded: LoadedPlaylist, at: tuple[Any, ...], lang: str) -> str:
    where = format_path(at)
    if len(at) > 1 and at[0] == "slides" and isinstance(at[1], int):
        slide_id = loaded.playlist.slides[at[1]].id or f"#{at[1] + 1}"
        where = f"slide {slide_id!r} " + format_path(at[2:])
    return f"{where} ({lang})" if lang else where


def deck_text(loaded: LoadedPlaylist) -> DeckText:
    """Every character of the deck's text fields in every language, and of its charts' data."""
    out = DeckText()
    languages = loaded.playlist.deck.languages
    for at, lang, text in _walk(loaded.playlist, (), False):
        out.add(text, _place(loaded, at, lang), lang or (languages[0] if languages else ""))
    for i, slide in enumerate(loaded.playlist.slides):
        spec = slide.chart if isinstance(slide, SplitSlide) else slide
        if not isinstance(spec, ChartSpec) or spec.data is None:
            continue
        data = loaded.chart_data(spec)
        names = [*data.labels, *(name for name, _ in data.series)]
        for name in names:
            if not (spec.labels and name in spec.labels):  # a labelled name shows its label
                out.add(name, _place(loaded, ("slides", i, "data"), ""))
    return out


def load_deck(path: Path) -> LoadedPlaylist:
    """The playlist through kiosk's own loader. A font file named in `theme.fonts` that does
    not exist yet (the subset about to be written) is left out rather than refused."""
    try:
        text = read_playlist_text(path)
        try:
            raw = json.loads(text)
        except ValueError:
            raw = None  # the loader says where
        theme = raw.get("theme") if isinstance(raw, dict) else None
        fonts = theme.get("fonts") if isinstance(theme, dict) else None
        if isinstance(raw, dict) and isinstance(fonts, list):
            kept = [f for f in fonts if not isinstance(f, str) or (path.parent / f).exists()]
            if kept != fonts:
                raw["theme"]["fonts"] = kept
                text = json.dumps(raw, ensure_ascii=False)
        return parse_playlist(text, path)
    except PlaylistError as e:
        raise Failure(f"not a valid playlist: {e.problems[0]}") from None
    except OSError as e:
        raise Failure(f"{path}: cannot read it: {e}") from None


def _fonttools() -> Any:
    try:
        import fontTools.subset
        import fontTools.ttLib
    except ImportError:
        raise Failure(
            "fontTools is not installed: pip install -e '.[fonts]' (or pip install fonttools)"
        ) from None
    return fontTools


def cmap_of(path: Path) -> set[str]:
    """The characters a font file (or the first face of a collection) has glyphs for."""
    ft = _fonttools()
    try:
        with ft.ttLib.TTFont(path, fontNumber=0, lazy=True) as font:
            return {chr(c) for c in font.getBestCmap()}
    except (OSError, ft.ttLib.TTLibError) as e:
        raise Failure(f"font {path}: cannot read it: {e}") from None


def others_cover(loaded: LoadedPlaylist, outputs: Iterable[Path]) -> set[str]:
    """What the deck's other fonts (Inter) draw in every weight they are loaded in."""
    skip = {p.resolve() for p in outputs}
    by_family: dict[str, set[str]] = {}
    ft = _fonttools()
    for rel in loaded.playlist.theme.fonts:
        path = loaded.resolve(rel)
        if path.resolve() in skip or not path.exists():
            continue
        with ft.ttLib.TTFont(path, fontNumber=0, lazy=True) as font:
            name = font["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1))  # "Inter", all weights
            cmap = {chr(c) for c in font.getBestCmap()}
        by_family[family] = by_family[family] & cmap if family in by_family else cmap
    return set().union(*by_family.values())


def wanted(text: DeckText, covered: set[str]) -> set[str]:
    """The subset's characters: what the other fonts lack, every character of CJK-language
    text (so CJK lines look of a piece if a screen puts the CJK face first), ASCII and
    full-width punctuation."""
    lacking = {ch for ch in text.where if ch not in covered}
    return lacking | text.cjk | ASCII | PUNCTUATION


def sc_face(collection: Path, family: str) -> int:
    """The index of `family` in a font collection (0 for a single font)."""
    ft = _fonttools()
    if not collection.exists():
        raise Failure(
            f"source font {collection}: not found (Debian: apt install fonts-noto-cjk, "
            "or name it with --regular/--bold)"
        )
    try:
        if collection.read_bytes()[:4] != b"ttcf":
            return 0
        with ft.ttLib.TTCollection(collection, lazy=True) as faces:
            names = [face["name"].getDebugName(1) for face in faces]
    except (OSError, ft.ttLib.TTLibError) as e:
        raise Failure(f"source font {collection}: cannot read it: {e}") from None
    if family in names:
        return names.index(family)
    raise Failure(f"source font {collection}: has no face of the family {family!r}")


def _rename(font: Any, family: str) -> None:
    """Give the subset its own family name (name IDs 1, 3, 4, 6, 16 and the CFF font name)."""
    names = font["name"]
    style = str(names.getDebugName(17) or names.getDebugName(2) or "Regular")
    postscript = family.replace(" ", "") + "-" + style.replace(" ", "")
    full = family if style == "Regular" else f"{family} {style}"
    wanted = {1: family, 16: family, 4: full, 6: postscript, 3: postscript}
    for record in names.names:
        if record.nameID in wanted:
            record.string = wanted[record.nameID]
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]


def write_subset(source: Path, family: str, chars: set[str], out: Path) -> int:
    """Subset `family` of `source` to `chars` into `out`; returns the size in bytes."""
    ft = _fonttools()
    index = sc_face(source, family)
    options = ft.subset.Options()
    options.name_IDs = ["*"]  # keep copyright, licence, trademark and URL records
    options.notdef_outline = True  # a missing character shows a box, not nothing
    options.drop_tables += ["vhea", "vmtx", "VORG"]  # no vertical text in kiosk
    # nor vertical forms; and no `locl`: it would pull in the Japanese, Korean and Traditional
    # forms of every character (250 more glyphs for this deck) that an SC subset never shows
    options.layout_features = [f for f in options.layout_features if f not in _UNUSED_FEATURES]
    subsetter = ft.subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    out.parent.mkdir(parents=True, exist_ok=True)
    with ft.ttLib.TTFont(source, fontNumber=index, recalcTimestamp=False) as font:
        subsetter.subset(font)
        _rename(font, BUNDLED_FAMILY if family == FAMILY else f"{family} Subset")
        font.save(out)
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=NAME, description=__doc__.split("\n\n")[0])
    p.add_argument("playlist", nargs="?", type=Path, default=None, help="default: the bundled")
    p.add_argument("--out", type=Path, default=None, help="default: the bundled assets/fonts")
    p.add_argument("--regular", type=Path, default=SOURCES["Regular"], help="source font")
    p.add_argument("--bold", type=Path, default=SOURCES["Bold"], help="source bold font")
    p.add_argument("--family", default=FAMILY, help="the face of the collection to subset")
    p.add_argument("--check", action="store_true", help="only check the committed subset")
    args = p.parse_args(argv)
    playlist: Path = args.playlist or bundled_playlist()
    out_dir: Path = args.out or assets_dir() / "fonts"
    outputs = {w: out_dir / OUTPUT.format(weight=w) for w in SOURCES}
    try:
        loaded = load_deck(playlist)
        text = deck_text(loaded)
        chars = wanted(text, others_cover(loaded, outputs.values()))
        if args.check:
            return check(text, chars, outputs)
        sources = {"Regular": args.regular, "Bold": args.bold}
        for weight, out in outputs.items():
            size = write_subset(sources[weight], args.family, chars, out)
            print(f"{out}: {len(chars)} characters, {size / 1024:.1f} KiB")
    except Failure as e:
        print(f"{NAME}: {e}", file=sys.stderr)
        return 2
    return 0


def check(text: DeckText, chars: set[str], outputs: dict[str, Path]) -> int:
    """Exit status 1, listing them, when characters the deck needs are not in the subset."""
    failed = False
    for out in outputs.values():
        if not out.exists():
            print(f"{NAME}: {out}: missing; run tools/{NAME}.py", file=sys.stderr)
            failed = True
            continue
        have = cmap_of(out)
        missing = sorted(chars - have)
        for ch in missing:
            used = text.places(ch) or "always included"
            print(f"{out.name}: missing {ch!r} (U+{ord(ch):04X}), used in {used}")
        failed = failed or bool(missing)
        unused = have - chars - {"\u00a0", " "}
        if unused and not missing:
            print(f"{out.name}: ok ({len(unused)} characters no longer used; regenerate to drop)")
        elif not missing:
            print(f"{out.name}: ok, {len(have)} characters")
    if failed:
        print(f"{NAME}: the subset is out of date: run tools/{NAME}.py", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
