"""The playlist as typed models: one source for validation and for the JSON Schema.

Every model forbids unknown keys, except keys that start with `$` or `_` (`$schema`,
`_comment`): those are kept, untouched, in `meta` so an editor can write them back.
Paths (images, data files, fonts) are strings relative to the playlist file; `loader`
resolves and checks them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from kiosk.core.localtext import MAX_LANGUAGES, ShortWords, rebase_all
from kiosk.core.modeltypes import (
    MAX_SLIDES,
    WEEKDAYS,
    Color,
    FontPath,
    ImagePath,
    LangTag,
    Model,
    ShortText,
    Transition,
    VideoPath,
    Weekday,
    _check_hours,
    parse_hours,
)
from kiosk.core.slidemodels import (
    SLIDE_CLASSES,
    SLIDE_TYPES,
    UNTIL_END_LIMIT,
    BulletsSlide,
    ChartSlide,
    ChartSpec,
    DataRef,
    ImageSlide,
    LiveSource,
    MetricSlide,
    Milestone,
    Point,
    QuoteSlide,
    ShowRule,
    Slide,
    SlideBase,
    SplitSlide,
    TimelineSlide,
    TitleSlide,
    VideoSlide,
)
from kiosk.core.touchexit import TouchExit

__all__ = [
    "SLIDE_CLASSES",
    "SLIDE_TYPES",
    "WEEKDAYS",
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
    "SlideBase",
    "SplitSlide",
    "Theme",
    "TimelineSlide",
    "TitleSlide",
    "TouchExit",
    "VideoSlide",
    "check_chord",
    "check_pin",
    "json_schema",
    "parse_hours",
]


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
    image: ImagePath | None = Field(default=None, description="An image, scaled to cover")
    image_portrait: ImagePath | None = Field(default=None, description="Used on portrait screens")
    video: VideoPath | None = Field(
        default=None,
        description="A clip looped muted behind every slide, scaled to cover; the colour, "
        "gradient or image is its poster, and shows when it cannot play",
    )


class Theme(Model):
    colors: Colors = Field(default_factory=Colors, description="The palette")
    font_family: ShortText | list[ShortText] = Field(
        default="",
        description="Family name, or families in fallback order; empty: the system's",
    )
    fonts: list[FontPath] = Field(default_factory=list, description="Font files to load at start")
    logo: ImagePath | None = Field(default=None, description="Shown small on every slide")
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

    def families(self) -> list[str]:
        """`font_family` as a list, in fallback order (empty: the system's font)."""
        if isinstance(self.font_family, str):
            return [self.font_family] if self.font_family else []
        return [f for f in self.font_family if f]


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

    touch_exit: TouchExit | None = Field(
        default=None,
        description="Off unless given: a long press in a corner opens an on-screen PIN pad"
        " (needs pin)",
    )

    @model_validator(mode="after")
    def _touch_exit_has_pin(self) -> Controls:
        if self.touch_exit is not None and self.pin is None:
            raise ValueError("touch_exit needs a pin: the on-screen pad asks for it (add pin)")
        return self

    @field_validator("pin")
    @classmethod
    def _pin_ok(cls, value: str | None) -> str | None:
        return None if value is None else check_pin(value)

    @field_validator("exit_chord")
    @classmethod
    def _chord_ok(cls, value: str) -> str:
        return check_chord(value)


LanguageMode = Literal["single", "stacked", "alternate"]


class Deck(Model):
    title: ShortWords = Field(min_length=1, description="The deck's name (fallback screen, logs)")
    subtitle: ShortWords = Field(default="", description="A line under it")
    author: ShortWords = Field(default="", description="Who made the deck")
    language: LangTag = Field(
        default="en", description="The language shown in single mode (default: the first one)"
    )
    languages: list[LangTag] = Field(
        default_factory=list,
        max_length=MAX_LANGUAGES,
        description="The deck's languages, primary first (default: [language])",
    )
    language_mode: LanguageMode = Field(
        default="single",
        description="single: one language; stacked: the primary large, the others beneath; "
        "alternate: the languages in turn",
    )
    alternate_every: Literal["loop", "slide"] = Field(
        default="loop", description="alternate mode: change language every loop or every slide"
    )

    @model_validator(mode="after")
    def _languages_ok(self) -> Deck:
        if len(set(self.languages)) != len(self.languages):
            raise ValueError(f"'languages' names a language twice: {', '.join(self.languages)}")
        if not self.languages:
            self.languages = [self.language]
        elif "language" not in self.model_fields_set:
            self.language = self.languages[0]
        elif self.language not in self.languages:
            raise ValueError(
                f"'language' {self.language!r} is not one of 'languages' "
                f"({', '.join(self.languages)})"
            )
        return self


class Playlist(Model):
    """A kiosk playlist: deck metadata, theme, defaults, controls, schedule and slides."""

    model_config = ConfigDict(title="kiosk playlist")

    deck: Deck = Field(description="Deck metadata")
    theme: Theme = Field(default_factory=Theme, description="Colours, fonts, logo, background")
    defaults: Defaults = Field(default_factory=Defaults, description="For slides that omit them")
    controls: Controls = Field(default_factory=Controls, description="Idle resume, exit chord")
    schedule: Schedule = Field(default_factory=Schedule, description="Display hours")
    slides: list[Slide] = Field(min_length=1, max_length=MAX_SLIDES, description="In order")

    @model_validator(mode="after")
    def _primary_language(self, info: ValidationInfo) -> Playlist:
        """Every language map shows the deck's primary language where code asks for one."""
        rebase_all(self, self.deck.languages[0], info.context)
        return self

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
