"""Slide pictures for the editor, drawn by the player's own renderers.

`Thumbnails` renders small pictures lazily (one per event-loop turn, so the window stays
responsive), caches them by the slide's content and the theme, and so re-renders only a
slide that changed. `Preview` shows the selected slide at its own size, debounced.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.loader import LoadedPlaylist
from kiosk.editor.langfields import language_name, short_chip
from kiosk.editor.langpreview import in_language
from kiosk.editor.langs import deck_languages
from kiosk.ui.timers import named_timer

__all__ = ["Preview", "Thumbnails", "render_image", "slide_key"]

log = logging.getLogger("kiosk.editor")
THUMB = QSize(144, 81)
_THUMB_RENDER = (640, 360)  # rendered larger, then scaled down: small text stays readable


def render_image(loaded: LoadedPlaylist, index: int, size: tuple[int, int]) -> QImage:
    """Slide `index` as the display draws it; a plain card with the reason if it cannot."""
    try:
        from kiosk.ui.render import render_slide

        return render_slide(loaded, index, size)
    except Exception as e:  # a renderer bug or a missing renderer must not close the editor
        slides = loaded.playlist.slides
        kind = f" ({slides[index].type})" if index < len(slides) else ""
        log.warning("cannot draw slide %d%s: %s", index + 1, kind, e)
        return _card(size, f"slide {index + 1}{kind}\ncannot be drawn:\n{e}")


def _card(size: tuple[int, int], text: str) -> QImage:
    image = QImage(QSize(*size), QImage.Format.Format_RGB32)
    image.fill(QColor("#20242C"))
    painter = QPainter(image)
    painter.setPen(QColor("#E0E0E0"))
    font = QFont()
    font.setPixelSize(max(10, size[1] // 14))
    painter.setFont(font)
    painter.drawText(image.rect().adjusted(8, 8, -8, -8), Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return image


def slide_key(doc_data: dict[str, Any], index: int) -> str:
    """What a slide's picture depends on: the slide itself, the theme and the deck."""
    slides = doc_data.get("slides") or []
    parts = [slides[index] if index < len(slides) else None, doc_data.get("theme")]
    parts.append(doc_data.get("deck"))
    return hashlib.sha1(
        json.dumps(parts, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()


class Thumbnails(QObject):
    """Cached small pictures of slides; `ready(index)` when one has been drawn."""

    ready = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[str, QPixmap] = {}
        self._last: dict[int, QPixmap] = {}  # per row: the last picture shown (maybe stale)
        self._queue: list[tuple[int, str]] = []
        self._loaded: LoadedPlaylist | None = None
        self._data: dict[str, Any] = {}
        self._timer = named_timer(self, "kiosk-editor-thumbnails", self.on_tick, 0)
        self.renders = 0  # how many pictures were drawn (tests check the cache)

    def update_deck(self, data: dict[str, Any], loaded: LoadedPlaylist | None) -> None:
        """The document changed: `loaded` is its valid form, or None while it has problems."""
        self._data = data
        self._loaded = loaded
        self._queue.clear()
        if len(self._cache) > 500:
            self._cache.clear()

    def clear(self) -> None:
        """A data file changed: every picture may be out of date."""
        self._cache.clear()
        self._queue.clear()

    def forget_rows(self) -> None:
        """Slides were added, removed or moved: row numbers no longer name the same slide."""
        self._last.clear()

    def get(self, index: int) -> QPixmap | None:
        key = slide_key(self._data, index)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._last[index] = pixmap
            return pixmap
        if self._loaded is not None and (index, key) not in self._queue:
            self._queue.append((index, key))
            self._timer.start()
        return self._last.get(index)

    def pending(self) -> bool:
        return bool(self._queue)

    def on_tick(self) -> None:
        if not self._queue or self._loaded is None:
            return
        index, key = self._queue.pop(0)
        if index < len(self._loaded.playlist.slides) and key not in self._cache:
            image = render_image(self._loaded, index, _THUMB_RENDER)
            self.renders += 1
            self._cache[key] = QPixmap.fromImage(
                image.scaled(
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.ready.emit(index)
        if self._queue:
            self._timer.start()


class Picture(QWidget):
    """A picture drawn at the centre of the widget: what a QLabel with `setPixmap` showed,
    but without copying every picture shown into Qt's pixmap cache (Qt 6's QLabel paints
    through a QIcon, which caches each one: up to 10 MiB of old previews)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def setPixmap(self, pixmap: QPixmap) -> None:  # QLabel's names, which the tests read
        self._pixmap = pixmap
        self.update()

    def clear(self) -> None:
        self.setPixmap(QPixmap())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap.isNull():
            return
        size = self._pixmap.deviceIndependentSize().toSize()
        at = QPoint((self.width() - size.width()) // 2, (self.height() - size.height()) // 2)
        painter = QPainter(self)
        painter.drawPixmap(at, self._pixmap)
        painter.end()


class Preview(QWidget):
    """The selected slide as the display shows it, redrawn 150 ms after the last change.

    It is drawn at a real screen size (1280×720, or 720×1280 for a portrait screen) and
    scaled to the pane, so text wraps as on the display. "Larger" asks the window for more
    room; "Play from here" asks it to start the deck in a window at this slide.
    """

    larger_toggled = Signal(bool)
    play_requested = Signal()
    SIZES: ClassVar[dict[str, tuple[int, int]]] = {
        "landscape": (1280, 720),
        "portrait": (720, 1280),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.orientation = QComboBox(self)
        self.orientation.setObjectName("orientation")
        self.orientation.addItem("Landscape screen", "landscape")
        self.orientation.addItem("Portrait screen", "portrait")
        self.orientation.setToolTip("Preview on a landscape or a portrait display (Ctrl+R)")
        self.orientation.currentIndexChanged.connect(self.schedule)
        self.larger = QToolButton(self)
        self.larger.setObjectName("larger")
        self.larger.setText("Larger")
        self.larger.setCheckable(True)
        self.larger.setToolTip("Give the preview most of the window (Ctrl+L; again to restore)")
        self.larger.toggled.connect(self.larger_toggled)
        self.play = QToolButton(self)
        self.play.setObjectName("play")
        self.play.setText("▶ Play from here")
        self.play.setToolTip("Run the deck in a window, starting at this slide (F5)")
        self.play.clicked.connect(lambda _=False: self.play_requested.emit())
        self.language = QComboBox(self)
        self.language.setObjectName("preview-language")
        self.language.setToolTip(
            "Which language the preview draws: as the deck's language mode says, or one"
        )
        self.language.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.language.setMinimumContentsLength(16)
        self.language.activated.connect(lambda _i: self.schedule())
        self._languages: tuple[tuple[str, ...], str] = ((), "")
        controls.addWidget(self.orientation)
        controls.addWidget(self.larger)
        controls.addStretch(1)
        controls.addWidget(self.play)
        layout.addLayout(controls)
        self.language_row = QWidget(self)  # its own line: the pane keeps its width at 720p
        row = QHBoxLayout(self.language_row)
        row.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Language:", self.language_row)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(caption)
        row.addWidget(self.language)
        row.addStretch(1)
        self.language_row.hide()
        layout.addWidget(self.language_row)
        self.picture = Picture(self)
        self.picture.setObjectName("preview")
        self.picture.setMinimumSize(160, 160)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.note)
        self._source: Callable[[], tuple[LoadedPlaylist | None, int | None]] = lambda: (None, None)
        self._image: QImage | None = None
        self._timer = named_timer(self, "kiosk-editor-preview", self.on_render, 150)
        self.renders = 0

    def set_source(self, source: Callable[[], tuple[LoadedPlaylist | None, int | None]]) -> None:
        self._source = source

    def schedule(self) -> None:
        self._timer.start()

    def follow_deck(self, data: dict[str, Any]) -> None:
        """Offer the languages and mode the playlist's deck has now."""
        deck = data.get("deck")
        deck = deck if isinstance(deck, dict) else {}
        mode, every = deck.get("language_mode", "single"), deck.get("alternate_every", "loop")
        self.set_languages(deck_languages(data), str(mode), str(every))

    def set_languages(self, tags: list[str], mode: str, every: str = "loop") -> None:
        """The deck's languages and mode: a deck with several offers a language switch,
        whose first entry is the deck's own mode ('Deck: stacked')."""
        if (tuple(tags), mode) == self._languages:
            return
        self._languages = (tuple(tags), mode)
        chosen = self.chosen_language()
        box = self.language
        box.clear()
        box.addItem(f"Deck: {mode}", None)
        every_text = f", a new language every {every}" if mode == "alternate" else ""
        box.setItemData(
            0, f"As the deck's language mode says ({mode}{every_text})", Qt.ItemDataRole.ToolTipRole
        )
        for tag in tags:
            box.addItem(f"{short_chip(tag)} only", tag)
            box.setItemData(box.count() - 1, language_name(tag), Qt.ItemDataRole.ToolTipRole)
        index = box.findData(chosen) if chosen else 0
        box.setCurrentIndex(max(index, 0))
        self.language_row.setVisible(len(tags) > 1)

    def chosen_language(self) -> str | None:
        """The language picked in the switch (None: as the deck's mode says)."""
        several = len(self._languages[0]) > 1
        data = self.language.currentData() if several else None
        return data if isinstance(data, str) else None

    def toggle_orientation(self) -> None:
        box = self.orientation
        box.setCurrentIndex((box.currentIndex() + 1) % box.count())

    def screen_size(self) -> tuple[int, int]:
        return self.SIZES[str(self.orientation.currentData())]

    def on_render(self) -> None:
        loaded, index = self._source()
        if index is None:
            self.picture.clear()
            self._image = None
            self.note.setText("")
            return
        if loaded is None:
            self.note.setText(
                "The playlist has problems (see Problems): the preview shows the last "
                "version without any."
            )
            return
        self.note.setText("")
        lang = self.chosen_language()
        if lang is not None:
            loaded = in_language(loaded, lang)
        self._image = render_image(loaded, index, self.screen_size())
        self._show()
        self.renders += 1

    def _show(self) -> None:
        if self._image is None:
            return
        room = self.picture.size()
        scaled = self._image.scaled(
            max(16, room.width()),
            max(16, room.height()),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.picture.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()
