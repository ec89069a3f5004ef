"""The slide models: fields every slide has, one class per slide type, and the registry of
types read off the `Slide` union (`SLIDE_CLASSES`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from kiosk.core.localtext import LocalWords, ShortWords, Words
from kiosk.core.modeltypes import (
    MAX_VALUE,
    DataPath,
    ImagePath,
    LivePath,
    Model,
    ShortText,
    Transition,
    UnitScale,
    VideoPath,
    Weekday,
    _check_hours,
)


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
    notes: Words = Field(default="", description="Speaker notes; never shown on the display")
    enabled: bool = Field(default=True, description="false skips the slide without deleting it")
    markup: bool = Field(
        default=False, description="true: text fields are Qt rich text (HTML subset), else plain"
    )
    show: ShowRule | None = Field(default=None, description="When this slide may be shown")


class TitleSlide(SlideBase):
    type: Literal["title"]
    title: ShortWords = Field(min_length=1, description="The big title")
    subtitle: Words = Field(default="", description="A line under the title")
    kicker: ShortWords = Field(default="", description="Small line above the title")
    logo: ImagePath | None = Field(default=None, description="A logo above the title")
    image: ImagePath | None = Field(default=None, description="Background image")


class BulletsSlide(SlideBase):
    type: Literal["bullets"]
    heading: ShortWords = Field(min_length=1, description="The slide's heading")
    points: list[Annotated[LocalWords, Field(min_length=1)]] = Field(
        min_length=2, max_length=7, description="2 to 7 points"
    )
    reveal: bool = Field(default=False, description="Reveal the points one by one")
    icons: list[ImagePath | None] | None = Field(
        default=None, description="An icon per point (same order); null for none"
    )
    image: ImagePath | None = Field(default=None, description="An illustration beside the points")

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

    file: LivePath | None = Field(default=None, description="CSV or JSON file, re-read on change")
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

    file: DataPath = Field(description="CSV or JSON data file")
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
    unit: ShortWords = Field(default="", description="After the number: '%', 'million yuan'")
    prefix: ShortWords = Field(default="", description="Before the number: '¥', 'No.'")
    decimals: int | None = Field(
        default=None, ge=0, le=6, description="Digits after the point (default: as needed)"
    )
    label: ShortWords = Field(min_length=1, description="What the number is")
    heading: ShortWords = Field(default="", description="A heading above the number")
    detail: Words = Field(default="", description="A line under the label, e.g. 'derived: …'")
    source: Words = Field(default="", description="Where the number comes from")
    count_up: bool = Field(default=True, description="Count up to the number as it appears")
    unit_scale: UnitScale | None = Field(
        default=None,
        description="Per language, a factor for the number shown (million yuan → 亿元: 0.01)",
    )
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

    label: ShortWords = Field(description="Category label")
    value: float = Field(allow_inf_nan=False, ge=-MAX_VALUE, le=MAX_VALUE, description="Its value")


ChartKind = Literal["bar", "hbar", "line", "area", "pie", "donut"]


class ChartSpec(Model):
    """A chart: from a data file (`data`, `x`, `y`) or inline `values`."""

    kind: ChartKind = Field(default="bar", description="Chart type")
    data: DataPath | None = Field(default=None, description="CSV or JSON file")
    x: ShortText | None = Field(default=None, description="Column with the labels / x values")
    y: ShortText | list[ShortText] | None = Field(
        default=None, description="Column(s) with the values; several make several series"
    )
    values: list[Point] | None = Field(default=None, min_length=1, max_length=500)
    x_title: ShortWords = Field(default="", description="Axis title under the x axis")
    y_title: ShortWords = Field(default="", description="Axis title beside the y axis")
    unit: ShortWords = Field(default="", description="Unit after value labels")
    highlight: ShortText | None = Field(default=None, description="Label of the point to stress")
    value_labels: bool = Field(default=True, description="Write each value on its bar/point")
    source: Words = Field(default="", description="Source line under the chart")
    note: Words = Field(default="", description="A line under the chart, e.g. what is derived")
    labels: dict[ShortText, ShortWords] | None = Field(
        default=None,
        max_length=500,
        description="How a label or series name of the data shows, per language",
    )
    unit_scale: UnitScale | None = Field(
        default=None, description="Per language, a factor for the values shown"
    )

    def label_text(self, name: str) -> str:
        """The display text of a data label or series name (a language map, or itself)."""
        return self.labels.get(name, name) if self.labels else name

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
    heading: ShortWords = Field(min_length=1, description="The slide's heading")
    live: LiveSource | None = Field(
        default=None, description="Follow live data: its rows replace 'data' (see Live data)"
    )


class QuoteSlide(SlideBase):
    type: Literal["quote"]
    text: Words = Field(min_length=1, description="The quotation, without quote marks")
    speaker: ShortWords = Field(min_length=1, description="Who said it")
    role: ShortWords = Field(default="", description="Their role and organisation")
    image: ImagePath | None = Field(default=None, description="Portrait or logo")


class ImageSlide(SlideBase):
    type: Literal["image"]
    image: ImagePath = Field(description="SVG, PNG or JPEG; never stretched")
    caption: Words = Field(default="", description="A line under the image")
    heading: ShortWords = Field(default="", description="A heading above the image")
    fit: Literal["contain", "cover"] = Field(
        default="contain", description="contain: all of it shows; cover: fills, cropping edges"
    )


class Milestone(Model):
    date: ShortWords = Field(min_length=1, description="As shown: '2030', 'Aug 2021'")
    label: ShortWords = Field(min_length=1, description="What happens")
    detail: Words = Field(default="", description="A smaller line under the label")
    highlight: bool = Field(default=False, description="Stress this milestone")


class TimelineSlide(SlideBase):
    type: Literal["timeline"]
    heading: ShortWords = Field(min_length=1, description="The slide's heading")
    milestones: list[Milestone] = Field(min_length=2, max_length=8, description="2 to 8, in order")
    source: Words = Field(default="", description="Source line")


class SplitSlide(SlideBase):
    type: Literal["split"]
    heading: ShortWords = Field(min_length=1, description="The slide's heading")
    text: Words = Field(default="", description="A paragraph for the text column")
    points: list[Annotated[LocalWords, Field(min_length=1)]] = Field(
        default_factory=list, max_length=7, description="Points for the text column"
    )
    image: ImagePath | None = Field(default=None, description="The media column: an image…")
    chart: ChartSpec | None = Field(default=None, description="…or a chart")
    video: VideoPath | None = Field(
        default=None, description="…or a video, looped and muted ('image' is then its poster)"
    )
    media_side: Literal["left", "right"] = Field(default="right", description="Media column side")
    source: Words = Field(default="", description="Source line")

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
    video: VideoPath = Field(description="MP4, WebM or MKV (H.264, VP9, MPEG-4); see README")
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
    caption: Words = Field(default="", description="A line under the video")
    heading: ShortWords = Field(default="", description="A heading above the video")
    poster: ImagePath | None = Field(
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
