"""The playlist as typed models: one source for validation and for the JSON Schema.

Every model forbids unknown keys, except keys that start with `$` or `_` (`$schema`,
`_comment`): those are kept, untouched, in `meta` so an editor can write them back.
Paths (images, data files, fonts) are strings relative to the playlist file; `loader`
resolves and checks them.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

__all__ = [
    "SLIDE_CLASSES",
    "SLIDE_TYPES",
    "BulletsSlide",
    "ChartSlide",
    "ChartSpec",
    "Colors",
    "Controls",
    "DataRef",
    "Deck",
    "Defaults",
    "ImageSlide",
    "LiveSource",
    "MetricSlide",
    "Milestone",
    "Playlist",
    "Point",
    "QuoteSlide",
    "Schedule",
    "ShowRule",
    "Slide",
    "SplitSlide",
    "Theme",
    "TimelineSlide",
    "TitleSlide",
    "VideoSlide",
    "check_chord",
    "check_pin",
    "json_schema",
    "parse_hours",
]

# Largest magnitude of a shown number (as in data files): ±1e308 overflowed chart arithmetic
MAX_VALUE = 1e15
MAX_SLIDES = 10_000  # 100,000 took 1.8 s to validate (10,000: ~0.2 s, the bench uses 5,000)

Transition = Literal["fade", "slide", "none"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_HOURS = re.compile(r"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$")  # ASCII digits only

Color = Annotated[
    str,
    Field(
        pattern=_COLOR.pattern,
        description="#RGB, #RRGGBB or #AARRGGBB",
        examples=["#0B1F3A"],
    ),
]
RelPath = Annotated[
    str,
    Field(min_length=1, max_length=4096, description="A file path, relative to the playlist"),
]
Text = Annotated[str, Field(max_length=4000)]
ShortText = Annotated[str, Field(max_length=400)]


def _meta_schema(schema: dict[str, Any]) -> None:
    """Allow `$…` and `_…` keys in editors' JSON Schema validation, like the loader does."""
    schema["patternProperties"] = {"^[$_]": {}}


class Model(BaseModel):
    """Base of every playlist object: strict keys, but `$…`/`_…` keys are kept in `meta`."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=False,
        populate_by_name=True,
        json_schema_extra=_meta_schema,
        str_strip_whitespace=False,
    )

    _meta: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_meta(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        meta: dict[str, Any] = {}
        if isinstance(data, dict):
            meta = {
                k: v for k, v in data.items() if isinstance(k, str) and k.startswith(("$", "_"))
            }
            if meta:
                data = {k: v for k, v in data.items() if k not in meta}
        obj = handler(data)
        if meta and isinstance(obj, Model):
            obj._meta = meta
        return obj

    @property
    def meta(self) -> dict[str, Any]:
        """The `$…` and `_…` keys this object carried in the file."""
        return self._meta


def parse_hours(text: str) -> tuple[time, time]:
    """`"07:00-23:00"` → (07:00, 23:00). `24:00` may end a span; end < start spans midnight."""
    m = _HOURS.match(text)
    if not m:
        raise ValueError(f"must look like 07:00-23:00 (got {text!r})")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise ValueError(f"not a valid time range (got {text!r})")
    end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
    return time(h1, m1), end


def _check_hours(value: str | None) -> str | None:
    if value is not None:
        parse_hours(value)
    return value


class ShowRule(Model):
    """When a slide may be shown; every rule given must hold (local time of the deck)."""

    # strict=False: dates arrive as JSON strings, which strict mode would refuse
    from_: date | None = Field(
        default=None, alias="from", strict=False, description="First day, YYYY-MM-DD"
    )
    until: date | None = Field(
        default=None, strict=False, description="Last day (inclusive), YYYY-MM-DD"
    )
    days: list[Weekday] | None = Field(default=None, min_length=1, description="Weekdays")
    hours: str | None = Field(
        default=None,
        description="Time of day, HH:MM-HH:MM; may span midnight",
        examples=["09:00-17:00"],
    )

    _hours = field_validator("hours")(_check_hours)

    @model_validator(mode="after")
    def _range(self) -> ShowRule:
        if self.from_ and self.until and self.until < self.from_:
            raise ValueError(f"'until' ({self.until}) is before 'from' ({self.from_})")
        return self


class SlideBase(Model):
    """Fields every slide type has; each type narrows `type` to its own literal."""

    type: str = Field(description="The slide type: one of the sections below")

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")] | None = Field(
        default=None, description="A stable name: hot reload keeps this slide on screen by it"
    )
    duration: float | None = Field(
        default=None, gt=0, le=86400, description="Seconds on screen (default: defaults.duration)"
    )
    transition: Transition | None = Field(
        default=None, description="How this slide comes in (default: defaults.transition)"
    )
    notes: Text = Field(default="", description="Speaker notes; never shown on the display")
    enabled: bool = Field(default=True, description="false skips the slide without deleting it")
    markup: bool = Field(
        default=False, description="true: text fields are Qt rich text (HTML subset), else plain"
    )
    show: ShowRule | None = Field(default=None, description="When this slide may be shown")


class TitleSlide(SlideBase):
    type: Literal["title"]
    title: ShortText = Field(min_length=1, description="The big title")
    subtitle: Text = Field(default="", description="A line under the title")
    kicker: ShortText = Field(default="", description="Small line above the title")
    logo: RelPath | None = Field(default=None, description="A logo above the title")
    image: RelPath | None = Field(default=None, description="Background image")


class BulletsSlide(SlideBase):
    type: Literal["bullets"]
    heading: ShortText = Field(min_length=1, description="The slide's heading")
    points: list[Annotated[str, Field(min_length=1, max_length=600)]] = Field(
        min_length=2, max_length=7, description="2 to 7 points"
    )
    reveal: bool = Field(default=False, description="Reveal the points one by one")
    icons: list[RelPath | None] | None = Field(
        default=None, description="An icon per point (same order); null for none"
    )
    image: RelPath | None = Field(default=None, description="An illustration beside the points")

    @model_validator(mode="after")
    def _icons_match(self) -> BulletsSlide:
        if self.icons is not None and len(self.icons) != len(self.points):
            raise ValueError(
                f"'icons' has {len(self.icons)} entries but 'points' has {len(self.points)}"
            )
        return self


class LiveSource(Model):
    """Live data for a chart or metric: a file another program rewrites or appends to, an
    HTTP(S) URL polled, or an MQTT topic. Read off the display's main thread (`core/live.py`)."""

    file: RelPath | None = Field(default=None, description="CSV or JSON file, re-read on change")
    url: Annotated[str, Field(pattern=r"^https?://", max_length=2000)] | None = Field(
        default=None, description="HTTP(S) URL returning CSV or JSON, polled every 'interval'"
    )
    topic: ShortText | None = Field(
        default=None, description="MQTT topic; each message is a JSON object (a row) or rows"
    )
    broker: ShortText | None = Field(default=None, description="MQTT broker, host[:port]")
    interval: float = Field(default=2.0, ge=0.2, le=3600, description="Seconds between reads")
    stale_after: float | None = Field(
        default=None, gt=0, le=86400 * 7, description="Older than this (s): shown as stale"
    )
    column: ShortText = Field(default="value", description="metric: the column of the value")
    window: int | None = Field(
        default=None, ge=1, le=500, description="Only the last N rows (an appended file, a topic)"
    )

    @model_validator(mode="after")
    def _one_source(self) -> LiveSource:
        given = [k for k in ("file", "url", "topic") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'file', 'url' or 'topic'")
        if self.topic is not None and not self.broker:
            raise ValueError("an MQTT 'topic' needs a 'broker' (host[:port])")
        return self


class DataRef(Model):
    """One cell of a data file: `column` of the row where `where` matches (or row `row`)."""

    file: RelPath = Field(description="CSV or JSON data file")
    column: ShortText = Field(description="Column holding the number")
    row: int | None = Field(default=None, ge=0, description="0-based data row")
    where: dict[str, str] | None = Field(default=None, description="Pick the row by values")

    @model_validator(mode="after")
    def _one_selector(self) -> DataRef:
        if (self.row is None) == (self.where is None):
            raise ValueError("give exactly one of 'row' or 'where'")
        return self


class MetricSlide(SlideBase):
    type: Literal["metric"]
    value: float | None = Field(
        default=None,
        allow_inf_nan=False,
        ge=-MAX_VALUE,
        le=MAX_VALUE,
        description="The number",
    )
    data: DataRef | None = Field(default=None, description="Read the value from a data file")
    unit: ShortText = Field(default="", description="After the number: '%', 'million yuan'")
    prefix: ShortText = Field(default="", description="Before the number: '¥', 'No.'")
    decimals: int | None = Field(
        default=None, ge=0, le=6, description="Digits after the point (default: as needed)"
    )
    label: ShortText = Field(min_length=1, description="What the number is")
    heading: ShortText = Field(default="", description="A heading above the number")
    detail: Text = Field(default="", description="A line under the label, e.g. 'derived: …'")
    source: Text = Field(default="", description="Where the number comes from")
    count_up: bool = Field(default=True, description="Count up to the number as it appears")
    live: LiveSource | None = Field(
        default=None, description="Follow live data: the last row's 'column' (see Live data)"
    )

    @model_validator(mode="after")
    def _value_or_data(self) -> MetricSlide:
        if self.live is not None:
            if self.value is not None and self.data is not None:
                raise ValueError("give at most one of 'value' or 'data' beside 'live'")
            return self
        if (self.value is None) == (self.data is None):
            raise ValueError("give exactly one of 'value' or 'data'")
        return self


class Point(Model):
    """An inline chart value."""

    label: ShortText = Field(description="Category label")
    value: float = Field(allow_inf_nan=False, ge=-MAX_VALUE, le=MAX_VALUE, description="Its value")


ChartKind = Literal["bar", "hbar", "line", "area", "pie", "donut"]


class ChartSpec(Model):
    """A chart: from a data file (`data`, `x`, `y`) or inline `values`."""

    kind: ChartKind = Field(default="bar", description="Chart type")
    data: RelPath | None = Field(default=None, description="CSV or JSON file")
    x: ShortText | None = Field(default=None, description="Column with the labels / x values")
    y: ShortText | list[ShortText] | None = Field(
        default=None, description="Column(s) with the values; several make several series"
    )
    values: list[Point] | None = Field(default=None, min_length=1, max_length=500)
    x_title: ShortText = Field(default="", description="Axis title under the x axis")
    y_title: ShortText = Field(default="", description="Axis title beside the y axis")
    unit: ShortText = Field(default="", description="Unit after value labels")
    highlight: ShortText | None = Field(default=None, description="Label of the point to stress")
    value_labels: bool = Field(default=True, description="Write each value on its bar/point")
    source: Text = Field(default="", description="Source line under the chart")
    note: Text = Field(default="", description="A line under the chart, e.g. what is derived")

    @model_validator(mode="after")
    def _data_or_values(self) -> ChartSpec:
        if getattr(self, "live", None) is not None:  # a live chart: columns of the live rows
            if self.x is None or self.y is None or self.values is not None:
                raise ValueError("a live chart needs 'x' and 'y' columns (and no 'values')")
            return self
        if (self.data is None) == (self.values is None):
            raise ValueError("give exactly one of 'data' (with 'x' and 'y') or 'values'")
        if self.data is not None and (self.x is None or self.y is None):
            raise ValueError("a chart from 'data' needs 'x' and 'y' columns")
        return self

    def y_columns(self) -> list[str]:
        if self.y is None:
            return []
        return [self.y] if isinstance(self.y, str) else list(self.y)


class ChartSlide(SlideBase, ChartSpec):
    type: Literal["chart"]
    heading: ShortText = Field(min_length=1, description="The slide's heading")
    live: LiveSource | None = Field(
        default=None, description="Follow live data: its rows replace 'data' (see Live data)"
    )


class QuoteSlide(SlideBase):
    type: Literal["quote"]
    text: Text = Field(min_length=1, description="The quotation, without quote marks")
    speaker: ShortText = Field(min_length=1, description="Who said it")
    role: ShortText = Field(default="", description="Their role and organisation")
    image: RelPath | None = Field(default=None, description="Portrait or logo")


class ImageSlide(SlideBase):
    type: Literal["image"]
    image: RelPath = Field(description="SVG, PNG or JPEG; never stretched")
    caption: Text = Field(default="", description="A line under the image")
    heading: ShortText = Field(default="", description="A heading above the image")
    fit: Literal["contain", "cover"] = Field(
        default="contain", description="contain: all of it shows; cover: fills, cropping edges"
    )


class Milestone(Model):
    date: ShortText = Field(min_length=1, description="As shown: '2030', 'Aug 2021'")
    label: ShortText = Field(min_length=1, description="What happens")
    detail: Text = Field(default="", description="A smaller line under the label")
    highlight: bool = Field(default=False, description="Stress this milestone")


class TimelineSlide(SlideBase):
    type: Literal["timeline"]
    heading: ShortText = Field(min_length=1, description="The slide's heading")
    milestones: list[Milestone] = Field(min_length=2, max_length=8, description="2 to 8, in order")
    source: Text = Field(default="", description="Source line")


class SplitSlide(SlideBase):
    type: Literal["split"]
    heading: ShortText = Field(min_length=1, description="The slide's heading")
    text: Text = Field(default="", description="A paragraph for the text column")
    points: list[Annotated[str, Field(min_length=1, max_length=600)]] = Field(
        default_factory=list, max_length=7, description="Points for the text column"
    )
    image: RelPath | None = Field(default=None, description="The media column: an image…")
    chart: ChartSpec | None = Field(default=None, description="…or a chart")
    video: RelPath | None = Field(
        default=None, description="…or a video, looped and muted ('image' is then its poster)"
    )
    media_side: Literal["left", "right"] = Field(default="right", description="Media column side")
    source: Text = Field(default="", description="Source line")

    @model_validator(mode="after")
    def _one_media(self) -> SplitSlide:
        if self.video is not None and self.chart is not None:
            raise ValueError("give 'video' (with an 'image' as its poster) or 'chart', not both")
        if self.video is None and (self.image is None) == (self.chart is None):
            raise ValueError("give exactly one of 'image' or 'chart'")
        if not self.text and not self.points:
            raise ValueError("give 'text' or 'points' for the text column")
        return self


class VideoSlide(SlideBase):
    """A clip painted by the slide (so transitions, grabs and `kiosk render` show it)."""

    type: Literal["video"]
    video: RelPath = Field(description="MP4, WebM or MKV (H.264, VP9, MPEG-4); see README")
    fit: Literal["contain", "cover"] = Field(
        default="contain", description="contain: all of it shows; cover: fills, cropping edges"
    )
    loop: bool = Field(default=True, description="Play again from 'start' when it ends")
    muted: bool = Field(default=True, description="false plays the clip's sound")
    start: float = Field(default=0, ge=0, le=86400, description="Seconds to skip at the start")
    end: float | None = Field(
        default=None, gt=0, le=86400, description="Stop (or loop) at this second of the clip"
    )
    until_end: bool = Field(
        default=False,
        description="The slide ends when the clip ends (plays once); 'duration' is then the "
        "longest it may take (default: 300 s)",
    )
    caption: Text = Field(default="", description="A line under the video")
    heading: ShortText = Field(default="", description="A heading above the video")
    poster: RelPath | None = Field(
        default=None, description="An image shown until the first frame (and by kiosk render)"
    )

    @model_validator(mode="after")
    def _trims(self) -> VideoSlide:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"'end' ({self.end:g}) must be after 'start' ({self.start:g})")
        if self.until_end and self.loop and "loop" in self.model_fields_set:
            raise ValueError("'until_end' plays the clip once: remove 'loop' or set it false")
        return self


UNTIL_END_LIMIT = 300.0  # seconds: the longest a video slide waits for its clip to end


Slide = Annotated[
    TitleSlide
    | BulletsSlide
    | MetricSlide
    | ChartSlide
    | QuoteSlide
    | ImageSlide
    | TimelineSlide
    | SplitSlide
    | VideoSlide,
    Field(discriminator="type"),
]


def _registry() -> dict[str, type[SlideBase]]:
    """The one list of slide types, read off the `Slide` union: type name -> model class."""
    classes: tuple[type[SlideBase], ...] = get_args(get_args(Slide)[0])
    return {get_args(cls.model_fields["type"].annotation)[0]: cls for cls in classes}


SLIDE_CLASSES: dict[str, type[SlideBase]] = _registry()
SLIDE_TYPES: tuple[str, ...] = tuple(SLIDE_CLASSES)


class Colors(Model):
    background: Color = "#0B1F3A"
    surface: Color = "#13294B"
    text: Color = "#FFFFFF"
    muted: Color = "#A9B8CF"
    accent: Color = "#2EC4B6"
    highlight: Color = "#FFB547"
    series: list[Color] = Field(
        default_factory=lambda: ["#2EC4B6", "#FFB547", "#7AA2F7", "#F28482", "#B8E986"],
        min_length=1,
        description="Chart series colours, in order",
    )


class Background(Model):
    color: Color | None = Field(
        default=None, description="Plain colour (default: colors.background)"
    )
    gradient: list[Color] | None = Field(
        default=None, min_length=2, max_length=4, description="2–4 colours, top to bottom"
    )
    image: RelPath | None = Field(default=None, description="An image, scaled to cover")
    image_portrait: RelPath | None = Field(default=None, description="Used on portrait screens")


class Theme(Model):
    colors: Colors = Field(default_factory=Colors, description="The palette")
    font_family: ShortText = Field(default="", description="Family name; empty: the system's")
    fonts: list[RelPath] = Field(default_factory=list, description="Font files to load at start")
    logo: RelPath | None = Field(default=None, description="Shown small on every slide")
    background: Background = Field(default_factory=Background, description="Behind every slide")
    progress: bool = Field(default=True, description="The thin time-left line")
    counter: bool = Field(default=False, description="'3 / 14' in a corner")
    clock: bool = Field(default=False, description="The time of day in a corner")
    error_badge: bool = Field(default=True, description="Corner badge while a save is invalid")
    reduced_motion: bool = Field(
        default=False, description="No transitions, count-up or grow-in: every change is instant"
    )
    high_contrast: bool = Field(
        default=False, description="A black-and-white palette that meets WCAG AAA (7:1)"
    )


class Defaults(Model):
    duration: float = Field(default=10.0, gt=0, le=86400, description="Seconds per slide")
    transition: Transition = Field(default="fade", description="How slides come in")
    transition_ms: int = Field(default=600, ge=0, le=5000, description="Transition length, ms")


class Schedule(Model):
    timezone: ShortText | None = Field(
        default=None, description="IANA name, e.g. Asia/Shanghai; default: the machine's"
    )
    hours: dict[Weekday, str | None] | None = Field(
        default=None,
        description="Display hours per weekday, HH:MM-HH:MM; null or missing day: off",
    )

    @field_validator("hours")
    @classmethod
    def _hours_ok(cls, value: dict[str, str | None] | None) -> dict[str, str | None] | None:
        for span in (value or {}).values():
            _check_hours(span)
        return value

    @field_validator("timezone")
    @classmethod
    def _tz_ok(cls, value: str | None) -> str | None:
        if value is not None:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return value


PIN_MIN, PIN_MAX = 4, 12
PIN_PATTERN = f"^[0-9]{{{PIN_MIN},{PIN_MAX}}}$"
_MODIFIERS = ("ctrl", "alt", "shift", "meta")
_NAMED_KEYS = frozenset(
    [
        "esc",
        "escape",
        "tab",
        "backtab",
        "backspace",
        "return",
        "enter",
        "ins",
        "insert",
        "del",
        "delete",
        "home",
        "end",
        "pgup",
        "pgdown",
        "pageup",
        "pagedown",
        "left",
        "right",
        "up",
        "down",
        "space",
        "pause",
        "print",
    ]
    + [f"f{n}" for n in range(1, 25)]
)


def check_pin(pin: str) -> str:
    """A PIN a keyboard's digit keys can type: ASCII 0-9, 4 to 12 of them (else ValueError).

    "١٢٣٤" and "１２３４" are digits to Python but no key sends them, so a deck with such a PIN
    could never be left; an empty PIN would silently mean "no PIN".
    """
    if not pin:
        raise ValueError(f"PIN must not be empty (give {PIN_MIN} to {PIN_MAX} digits 0-9)")
    if not pin.isascii() or not pin.isdigit():
        bad = next(c for c in pin if not ("0" <= c <= "9"))
        raise ValueError(f"PIN must be digits 0-9 only, as a keyboard types them (found {bad!r})")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise ValueError(f"PIN must be {PIN_MIN} to {PIN_MAX} digits (got {len(pin)})")
    return pin


def check_chord(chord: str) -> str:
    """An exit chord a keyboard can press: modifiers (Ctrl, Alt, Shift, Meta) + one key that is
    an ASCII letter, digit or punctuation, or a named key (F1-F24, Esc, Home, …)."""
    parts = chord.split("+")
    if chord.endswith("++"):  # "Ctrl++": the key is '+'
        parts = [*chord[:-2].split("+"), "+"]
    key, mods = parts[-1], [p.strip().lower() for p in parts[:-1]]
    form = "must look like Ctrl+Alt+Shift+X"
    if not mods:
        raise ValueError(
            f"exit chord {form}: at least one of Ctrl, Alt, Shift, Meta (got {chord!r})"
        )
    unknown = [m for m in mods if m not in _MODIFIERS]
    if unknown:
        raise ValueError(f"exit chord {form}: {unknown[0]!r} is not Ctrl, Alt, Shift or Meta")
    if len(set(mods)) != len(mods):
        raise ValueError(f"exit chord {form}: a modifier appears twice (got {chord!r})")
    typable = len(key) == 1 and key.isascii() and key.isprintable() and key != " "
    if not (typable or key.lower() in _NAMED_KEYS):
        raise ValueError(
            f"exit chord {form}: {key!r} is not a key a keyboard has "
            "(an ASCII letter, digit or punctuation, or F1-F24, Esc, Home, …)"
        )
    return chord


class Controls(Model):
    resume_after: float = Field(
        default=30.0, gt=0, le=86400, description="Seconds without input before rotation resumes"
    )
    exit_chord: ShortText = Field(
        default="Ctrl+Alt+Shift+X", description="Held this long (exit_hold) to leave kiosk mode"
    )
    exit_hold: float = Field(default=2.0, ge=0.5, le=30, description="Seconds to hold the chord")
    pin: str | None = Field(
        default=None,
        description=f"{PIN_MIN}-{PIN_MAX} ASCII digits (0-9) typed after the chord to leave",
        json_schema_extra={"pattern": PIN_PATTERN},
    )

    @field_validator("pin")
    @classmethod
    def _pin_ok(cls, value: str | None) -> str | None:
        return None if value is None else check_pin(value)

    @field_validator("exit_chord")
    @classmethod
    def _chord_ok(cls, value: str) -> str:
        return check_chord(value)


class Deck(Model):
    title: ShortText = Field(min_length=1, description="The deck's name (fallback screen, logs)")
    subtitle: ShortText = Field(default="", description="A line under it")
    author: ShortText = Field(default="", description="Who made the deck")
    language: ShortText = Field(default="en", description="BCP 47 language tag")


class Playlist(Model):
    """A kiosk playlist: deck metadata, theme, defaults, controls, schedule and slides."""

    model_config = ConfigDict(title="kiosk playlist")

    deck: Deck = Field(description="Deck metadata")
    theme: Theme = Field(default_factory=Theme, description="Colours, fonts, logo, background")
    defaults: Defaults = Field(default_factory=Defaults, description="For slides that omit them")
    controls: Controls = Field(default_factory=Controls, description="Idle resume, exit chord")
    schedule: Schedule = Field(default_factory=Schedule, description="Display hours")
    slides: list[Slide] = Field(min_length=1, max_length=MAX_SLIDES, description="In order")

    def duration_of(self, slide: SlideBase) -> float:
        if slide.duration is None and isinstance(slide, VideoSlide) and slide.until_end:
            return UNTIL_END_LIMIT
        return slide.duration if slide.duration is not None else self.defaults.duration

    def transition_of(self, slide: SlideBase) -> str:
        if self.theme.reduced_motion:
            return "none"
        return slide.transition if slide.transition is not None else self.defaults.transition

    def active_slides(self) -> list[SlideBase]:
        return [s for s in self.slides if s.enabled]

    def loop_seconds(self) -> float:
        return sum(self.duration_of(s) for s in self.active_slides())


def json_schema() -> dict[str, Any]:
    """The playlist JSON Schema (draft 2020-12), as `kiosk schema` prints it."""
    schema = Playlist.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://kiosk.invalid/playlist.schema.json"
    return schema
