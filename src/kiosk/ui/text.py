"""Text on slides: a QLabel that shows playlist text literally and fits it into a box.

`TextLabel.fit(rect)` picks the largest font size (down from the role's size) at which the
text, wrapped at word boundaries, fits the box's width and height, then takes the height it
needs, so a renderer can stack labels one under another. Markup (Qt rich text) is used only
when the slide says so.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPixmap,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["GlyphMark", "TabularNumber", "TextLabel", "ink_rect", "tabular", "text_size"]

_BIG = 1 << 20
# Qt's raster engine caches glyphs up to 64 px and draws larger text as paths on every paint
# (3-7 ms a label at 1080p). Labels in larger type keep their text as a picture instead.
_PICTURE_ABOVE_PX = 60


def _flags(align: Qt.AlignmentFlag, wrap: bool) -> int:
    flags = int(align.value if hasattr(align, "value") else align)
    if wrap:
        flags |= int(Qt.TextFlag.TextWordWrap.value)
    return flags


def text_size(
    text: str,
    font: QFont,
    width: int,
    *,
    markup: bool = False,
    wrap: bool = True,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> QSize:
    """The size `text` needs in `font` when wrapped at `width` pixels."""
    if markup:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        doc.setHtml(text)
        if wrap:
            doc.setTextWidth(width)
            option = doc.defaultTextOption()
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            doc.setDefaultTextOption(option)
        return QSize(int(doc.idealWidth()) + 1, int(doc.size().height()) + 1)
    rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, _BIG), _flags(align, wrap), text)
    return rect.size()


class TextLabel(QLabel):
    """A label for one piece of slide text, in one role's font and colour."""

    def __init__(
        self,
        text: str,
        font: QFont,
        color: QColor,
        parent: QWidget | None = None,
        *,
        markup: bool = False,
        wrap: bool = True,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        min_scale: float = 0.45,
    ) -> None:
        super().__init__(parent)
        self.markup = markup
        self.setTextFormat(Qt.TextFormat.RichText if markup else Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setAlignment(align)
        self.setContentsMargins(0, 0, 0, 0)
        self.setIndent(0)
        self.setMargin(0)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.base_font = QFont(font)
        self.min_scale = min_scale
        self.set_color(color)
        self.setFont(font)
        self.setText(text)
        self._picture: QPixmap | None = None
        self._picture_key: tuple[object, ...] = ()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.markup or QFontInfo(self.font()).pixelSize() <= _PICTURE_ABOVE_PX:
            super().paintEvent(event)
            return
        dpr = self.devicePixelRatioF()
        color = self.palette().color(QPalette.ColorRole.WindowText)
        flags = _flags(self.alignment(), self.wordWrap())
        area = self.contentsRect()  # a PairLabel keeps its translations below this
        key = (self.text(), self.size(), area, self.font().key(), color.rgba(), flags, dpr)
        if key != self._picture_key or self._picture is None:
            size = QSize(math.ceil(self.width() * dpr), math.ceil(self.height() * dpr))
            picture = QPixmap(size)
            picture.setDevicePixelRatio(dpr)
            picture.fill(Qt.GlobalColor.transparent)
            pen = QPainter(picture)
            pen.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            pen.setFont(self.font())
            pen.setPen(color)
            pen.drawText(area, flags, self.text())
            pen.end()
            self._picture, self._picture_key = picture, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()

    def set_color(self, color: QColor) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.Text, color)
        self.setPalette(palette)

    def needed(self, width: int, font: QFont | None = None, text: str | None = None) -> QSize:
        """The size the text needs at `width` (in the label's font, or `font`)."""
        return text_size(
            self.text() if text is None else text,
            font or self.font(),
            width,
            markup=self.markup,
            wrap=self.wordWrap(),
            align=self.alignment(),
        )

    def _fits(self, font: QFont, box: QSize, text: str | None) -> bool:
        size = self.needed(box.width(), font, text)
        return size.width() <= box.width() and size.height() <= box.height()

    def fit_font(self, box: QSize, text: str | None = None) -> QFont:
        """The largest font, down from the base size, in which the text fits `box`."""
        font = QFont(self.base_font)
        hi = self.base_font.pixelSize()
        if self._fits(font, box, text):
            return font
        lo = max(6, int(hi * self.min_scale))
        font.setPixelSize(lo)
        while not self._fits(font, box, text) and lo > 6:  # below the floor, rather than clip
            lo = max(6, int(lo * 0.85))
            font.setPixelSize(lo)
        hi -= 1
        while lo < hi:  # largest size in [lo, hi] that fits
            mid = (lo + hi + 1) // 2
            font.setPixelSize(mid)
            if self._fits(font, box, text):
                lo = mid
            else:
                hi = mid - 1
        font.setPixelSize(lo)
        return font

    def fit(self, rect: QRect, *, keep_height: bool = False, text: str | None = None) -> int:
        """Fit into `rect` (top-left anchored) and return the height used.

        keep_height: take all of `rect` (for alignment inside it), else only what is needed.
        text: fit for this text (e.g. a count-up's final value) instead of the current one.
        A single-line label whose text does not fit even at its smallest size is elided (…).
        """
        font = self.fit_font(rect.size(), text)
        if not self.wordWrap() and not self.markup and text is None:
            floor = QFont(self.base_font)
            floor.setPixelSize(max(6, int(self.base_font.pixelSize() * self.min_scale)))
            if font.pixelSize() < floor.pixelSize():
                font = floor
                self.setToolTip(self.text())
                self.setText(
                    QFontMetrics(font).elidedText(
                        self.text(), Qt.TextElideMode.ElideRight, rect.width()
                    )
                )
        self.setFont(font)
        height = rect.height() if keep_height else self.needed(rect.width(), font, text).height()
        self.setGeometry(QRect(rect.x(), rect.y(), rect.width(), min(height, rect.height())))
        return self.height()

    def place(self, x: int, y: int, text: str | None = None) -> None:
        """Put the label at (x, y), exactly as large as its text (or `text`) needs."""
        size = self.needed(1 << 16, None, text)
        self.setGeometry(x, y, size.width() + 1, size.height())

    def line_height(self) -> int:
        return QFontMetrics(self.font()).height()


def ink_rect(text: str, font: QFont) -> QRect:
    """Where `text` puts ink, relative to its origin on the baseline, in whole pixels.

    Measured from the outlines Qt actually draws (the font, or whichever fallback font
    supplies a glyph), not from the font's metrics: `QFontMetrics.leftBearing()` answers
    for a character through the fallback fonts and, on a machine with more fonts, gives the
    bearing of a glyph that is never drawn (73 px instead of 15 for a 270 px quote mark,
    and it loads a 4 MB CJK fallback font to do so).
    """
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, text)
    return path.boundingRect().toAlignedRect()


class GlyphMark(QWidget):
    """A glyph used as artwork (a quote mark): exactly as large as its ink.

    Its geometry is where it paints, so a layout can put it flush with a margin and a test
    can check that it stays on the slide, whatever font draws it.
    """

    def __init__(self, text: str, font: QFont, color: QColor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.glyphs = text
        self.color = QColor(color)
        path = QPainterPath()
        path.addText(QPointF(0, 0), font, text)
        ink = ink_rect(text, font)
        self._path = path.translated(-ink.x(), -ink.y())
        self.resize(ink.size())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(self._path, self.color)
        painter.end()


DIGITS = "0123456789"


def tabular(font: QFont) -> QFont:
    """`font` asking for tabular figures (OpenType `tnum`: every digit as wide as the others)
    where this Qt can (6.7+); a font without the feature keeps its own figures, and
    `TabularNumber` lays those out in equal cells anyway."""
    out = QFont(font)
    if hasattr(out, "setFeature"):
        out.setFeature(QFont.Tag.fromString("tnum"), 1)
    return out


class TabularNumber(TextLabel):
    """A one-line number whose digits keep their columns while it changes (a count-up).

    Every digit takes one cell as wide as the font's widest figure (with `tnum`, which the
    bundled Inter has, that is each figure's own advance; with a font without it, narrow
    figures sit centred in their cell) and the text is set from the label's right edge. So a
    digit never moves sideways as the value changes, the number neither jitters nor drifts,
    and its last frame is the final text exactly where the layout put it. Each glyph is drawn
    once into a small picture: a count-up frame draws a handful of pixmaps, not 260 px text
    as outlines.
    """

    def __init__(
        self,
        text: str,
        font: QFont,
        color: QColor,
        parent: QWidget | None = None,
        *,
        min_scale: float = 0.2,
    ) -> None:
        super().__init__(
            text,
            tabular(font),
            color,
            parent,
            wrap=False,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            min_scale=min_scale,
        )
        self._glyphs: dict[str, QPixmap] = {}
        self._glyphs_key: tuple[object, ...] = ()

    @staticmethod
    def _cells(text: str, font: QFont) -> list[float]:
        fm = QFontMetricsF(font)
        digit = max(fm.horizontalAdvance(d) for d in DIGITS)
        return [digit if ch in DIGITS else fm.horizontalAdvance(ch) for ch in text]

    def columns(self, text: str | None = None) -> list[tuple[float, float]]:
        """Where each character of `text` (default: the current one) is set, as (left, right)
        in the label's coordinates: the cells, counted from the label's right edge."""
        text = self.text() if text is None else text
        out: list[tuple[float, float]] = []
        x = float(self.width())
        for cell in reversed(self._cells(text, self.font())):
            out.append((x - cell, x))
            x -= cell
        return out[::-1]

    def needed(self, width: int, font: QFont | None = None, text: str | None = None) -> QSize:
        font = font or self.font()
        text = self.text() if text is None else text
        line = text_size(text, font, _BIG, wrap=False).height()  # what QLabel would need
        height = max(line, QFontMetrics(font).height())
        return QSize(math.ceil(sum(self._cells(text, font))), height)

    def _glyph(self, ch: str, cell: float) -> QPixmap:
        """`ch` drawn centred in a picture of its cell, with room for ink past the cell."""
        font = self.font()
        dpr = self.devicePixelRatioF()
        color = self.palette().color(QPalette.ColorRole.WindowText)
        key = (font.key(), color.rgba(), dpr, self.height())
        if key != self._glyphs_key:
            self._glyphs, self._glyphs_key = {}, key
        pix = self._glyphs.get(ch)
        if pix is None:
            fm = QFontMetricsF(font)
            pad = math.ceil(fm.height() * 0.1)
            w, h = math.ceil(cell) + 2 * pad, self.height()
            pix = QPixmap(math.ceil(w * dpr), math.ceil(h * dpr))
            pix.setDevicePixelRatio(dpr)
            pix.fill(Qt.GlobalColor.transparent)
            pen = QPainter(pix)
            pen.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            pen.setFont(font)
            pen.setPen(color)
            pen.drawText(QPointF(pad + (cell - fm.horizontalAdvance(ch)) / 2, fm.ascent()), ch)
            pen.end()
            self._glyphs[ch] = pix
        return pix

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.text()
        cells = self._cells(text, self.font())
        pad = math.ceil(QFontMetricsF(self.font()).height() * 0.1)
        digit = max((c for ch, c in zip(text, cells, strict=True) if ch in DIGITS), default=0.0)
        for d in DIGITS if digit else "":  # every figure at once: none is drawn mid-count
            self._glyph(d, digit)
        painter = QPainter(self)
        for ch, cell, (left, _) in zip(text, cells, self.columns(text), strict=True):
            painter.drawPixmap(round(left) - pad, 0, self._glyph(ch, cell))
        painter.end()
