"""A pill: one line of plain text on an opaque rounded background, painted from a picture.

The counter/clock, the mode pill, the "go to N" hint and the error badge sit over the stage,
so every frame of a cross-fade repaints them. As QLabels with a style sheet (background,
border-radius, padding) each repaint went through QStyleSheetStyle: ~6 % of a 1080p fade
frame's instructions (callgrind). A `Pill` draws its background, padding and text into a
QPixmap only when its text, font, look, size or device pixel ratio change, and makes it the
widget's background brush: Qt fills the background from the picture in C++, with no style
sheet and no Python per frame (there is deliberately no `paintEvent` here; the Python
overrides below run on changes only).

Not `QLabel.setPixmap`: Qt 6's QLabel keeps its pixmap as a QIcon, whose every paint puts a
copy into the application's `QPixmapCache` under the pixmap's own key. Each new picture (the
counter changes with every slide) left one there, alive until the cache's 10 MiB were full:
private memory grew ~0.25 MiB per loop of the deck, 10 MiB in all, before it levelled off.
`fill_background` is that way of showing a picture; the presenter's previews use it too.

The picture is what the style-sheet label drew, pixel for pixel (a test compares the two):
a style sheet's padding gives the label a frame, and a framed QLabel indents its text by
half an "x" and asks for a whole "x" more width; the background is the padded rect filled
with an antialiased rounded path. The text is drawn with `QPainter.drawText`, never parsed
as markup: "<b>x</b>" shows as typed.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["Pill", "PillLook", "draw_pill", "fill_background", "pill_size"]

_A = Qt.AlignmentFlag
_T = Qt.TextFlag
_WIDE = 1 << 20  # room for any one line when measuring


@dataclass(frozen=True)
class PillLook:
    """Colours and geometry of a pill, in device-independent pixels."""

    text: QColor
    background: QColor
    radius: int = 0
    pad_x: int = 0
    pad_y: int = 0

    def key(self) -> tuple[int, int, int, int, int]:
        return (self.text.rgba(), self.background.rgba(), self.radius, self.pad_x, self.pad_y)


def _right_to_left(text: str) -> bool:
    """The text's direction as Qt reads it: that of its first strong character."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def pill_size(text: str, font: QFont, look: PillLook) -> QSize:
    """The pill's natural size: the text's box, a whole "x" and the padding on both sides.

    Measured top-aligned with tabs expanded, as QLabel does. An empty pill (hidden) has
    the size QLabel gives a label never given text, one average character by one line:
    the counter's place is worked out from the mode pill's height even when it is hidden."""
    fm = QFontMetrics(font)
    if not text:
        return QSize(fm.averageCharWidth() + 2 * look.pad_x, fm.lineSpacing() + 2 * look.pad_y)
    box = fm.boundingRect(QRect(0, 0, _WIDE, 2000), int(_A.AlignLeft | _T.TextExpandTabs), text)
    return QSize(
        box.width() + fm.horizontalAdvance("x") + 2 * look.pad_x,
        box.height() + 2 * look.pad_y,
    )


def fill_background(widget: QWidget, picture: QPixmap) -> None:
    """Show `picture` as `widget`'s background, from its top-left corner, painted by Qt in
    C++ and kept nowhere else (see the module's docstring); a null picture: no background.

    The picture should have the widget's size: a larger one is cut, a smaller one tiled."""
    widget.setAutoFillBackground(not picture.isNull())
    if not picture.isNull():
        palette = widget.palette()
        palette.setBrush(widget.backgroundRole(), QBrush(picture))
        widget.setPalette(palette)


def draw_pill(text: str, font: QFont, look: PillLook, size: QSize, dpr: float) -> QPixmap:
    """`text` on the rounded background, at `size` (logical pixels) for a screen of `dpr`.

    The text starts half an "x" inside the left padding (right-to-left text ends at the
    right padding) and is centred vertically in the padded box; what does not fit (a pill
    narrower than its text) is cut at the padding."""
    w, h = max(1, size.width()), max(1, size.height())
    picture = QPixmap(math.ceil(w * dpr), math.ceil(h * dpr))
    picture.setDevicePixelRatio(dpr)
    picture.fill(Qt.GlobalColor.transparent)
    pen = QPainter(picture)
    pen.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = QPainterPath()
    outline.addRoundedRect(QRectF(0, 0, w, h), look.radius, look.radius)
    pen.fillPath(outline, look.background)
    pen.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen.setFont(font)
    pen.setPen(look.text)
    left = look.pad_x + QFontMetrics(font).horizontalAdvance("x") // 2
    area = QRect(left, look.pad_y, w - left - look.pad_x, h - 2 * look.pad_y)
    flags = _A.AlignVCenter | _T.TextExpandTabs
    if _right_to_left(text):  # QLabel mirrors the alignment, not the indent
        flags |= _A.AlignRight | _T.TextForceRightToLeft
    else:
        flags |= _A.AlignLeft | _T.TextForceLeftToRight
    pen.drawText(area, int(flags), text)
    pen.end()
    return picture


class Pill(QLabel):
    """A QLabel that shows `text()` as a picture of the pill (its background); hidden until
    shown.

    `text()`/`setText()` keep the text (plain, never markup; it is also the accessible
    name); `sizeHint()` is the natural size, so `adjustSize()` gives text + padding, bounded
    by the maximum width. The picture is redrawn when the text, font, look, size or device
    pixel ratio change (`refresh`), and only then."""

    def __init__(self, parent: QWidget, name: str, look: PillLook) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the label itself never holds the text
        self.setAlignment(_A.AlignLeft | _A.AlignVCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._picture = QPixmap()
        self._text = ""
        self._look = look
        self._natural = QSize(0, 0)
        self._drawn: tuple[object, ...] = ()
        self.draws = 0  # pictures drawn (tests: not one per frame)
        self._remeasure()
        self.hide()

    @property
    def look(self) -> PillLook:
        return self._look

    def set_look(self, look: PillLook) -> None:
        if look != self._look:
            self._look = look
            self._remeasure()

    def text(self) -> str:
        return self._text

    def pill_picture(self) -> QPixmap:
        """What the pill shows: its background, text included."""
        return self._picture

    def setText(self, text: str, /) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self._remeasure()

    def sizeHint(self) -> QSize:
        return QSize(self._natural)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._natural)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._draw(event.size())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._remeasure()

    def refresh(self) -> None:
        """Draw again if the screen's device pixel ratio is not the picture's.

        Qt tells a widget of a new ratio (QEvent.DevicePixelRatioChange) only through
        `event()`, and a Python `event()` would run for every paint; the overlays call this
        when they lay out instead (every resize, slide change and clock minute). Until
        then Qt fills the background from the old picture, scaled to the same logical size."""
        self._draw(self.size())

    def _remeasure(self) -> None:
        self._natural = pill_size(self._text, self.font(), self._look)
        self.updateGeometry()
        # what adjustSize() will make of it; a resize to another size draws again
        self._draw(self._natural.boundedTo(self.maximumSize()).expandedTo(self.minimumSize()))

    def _draw(self, size: QSize) -> None:
        dpr = self.devicePixelRatioF()
        key = (self._text, self.font().key(), self._look.key(), size.width(), size.height(), dpr)
        if key == self._drawn:
            return
        self._drawn = key
        self.draws += 1
        self._picture = draw_pill(self._text, self.font(), self._look, size, dpr)
        fill_background(self, self._picture)
