"""Large slide text is kept as a picture (the raster engine draws it as paths otherwise)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.text import TextLabel


def _ink(image: QImage) -> set[tuple[int, int]]:
    return {
        (x, y)
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if QColor(image.pixel(x, y)).red() > 128
    }


def _label(qtbot: QtBot, px: int, text: str) -> TextLabel:
    parent = QWidget()
    parent.setStyleSheet("background: black")
    parent.resize(1200, 400)
    qtbot.addWidget(parent)
    font = QFont()
    font.setPixelSize(px)
    label = TextLabel(text, font, QColor("#FFFFFF"), parent)
    label.fit(QRect(0, 0, 1200, 400))
    label.keep_parent = parent  # type: ignore[attr-defined]  # the test owns the window
    return label


def test_large_text_shows_and_follows_its_text(qtbot: QtBot) -> None:
    label = _label(qtbot, 160, "88")
    first = _ink(label.grab().toImage())
    assert len(first) > 200  # the digits are drawn, not blank
    assert label.grab().toImage() == label.grab().toImage()  # the same picture each paint
    label.setText("11")
    second = _ink(label.grab().toImage())
    assert second
    assert second != first  # a new text makes a new picture


def test_large_and_small_text_draw_the_same_shapes(qtbot: QtBot) -> None:
    big = _label(qtbot, 120, "Hi")
    image = big.grab().toImage()
    ink = _ink(image)
    assert ink
    xs = [x for x, _ in ink]
    ys = [y for _, y in ink]
    # the text sits in the label's top-left, as QLabel would put it
    assert min(xs) < 40
    assert min(ys) < 60
