"""Text on slides: a QLabel that shows playlist text literally and fits it into a box.

`TextLabel.fit(rect)` picks the largest font size (down from the role's size) at which the
text, wrapped at word boundaries, fits the box's width and height, then takes the height it
needs, so a renderer can stack labels one under another. Markup (Qt rich text) is used only
when the slide says so.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["TextLabel", "text_size"]

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
        key = (self.text(), self.size(), self.font().key(), color.rgba(), flags, dpr)
        if key != self._picture_key or self._picture is None:
            size = QSize(math.ceil(self.width() * dpr), math.ceil(self.height() * dpr))
            picture = QPixmap(size)
            picture.setDevicePixelRatio(dpr)
            picture.fill(Qt.GlobalColor.transparent)
            pen = QPainter(picture)
            pen.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            pen.setFont(self.font())
            pen.setPen(color)
            pen.drawText(QRect(0, 0, self.width(), self.height()), flags, self.text())
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
