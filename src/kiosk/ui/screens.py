"""The stage's plain screens (the black/white cover, the fallback title screen, the "off
until 07:00" card shown on a key press in the off hours), and which of the machine's screens
the stage goes on."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.core.loader import LoadedPlaylist
from kiosk.ui.theme import Theme

__all__ = ["Cover", "Fallback", "OffCard", "pick_screen"]

log = logging.getLogger("kiosk.player")


class Cover(QWidget):
    """A plain black or white screen (B, `.`, W)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stage-cover")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.color = QColor("black")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.color)
        painter.end()


class Fallback(QWidget):
    """The deck title on the theme background, when no slide can be shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stage-fallback")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = self._box = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.subtitle = QLabel(self)
        for label in (self.title, self.subtitle):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)
        self.hide()

    def set_deck(self, loaded: LoadedPlaylist, theme: Theme) -> None:
        from kiosk.core.languages import LanguagePlan, in_languages

        deck = loaded.playlist.deck
        langs = LanguagePlan.of(deck)
        shown, fallback = langs.shown(), langs.fallback  # the deck's languages, each a line
        self.title.setText(in_languages(deck.title, shown, fallback, "\n"))
        self.subtitle.setText(in_languages(deck.subtitle, shown, fallback, "\n"))
        self.subtitle.setVisible(bool(deck.subtitle))
        self.title.setFont(theme.font("heading"))
        self.subtitle.setFont(theme.font("subtitle"))
        self.title.setStyleSheet(f"color: {theme.text.name()}")
        self.subtitle.setStyleSheet(f"color: {theme.muted.name()}")
        m = theme.margin_x
        self._box.setContentsMargins(m, theme.margin_y, m, theme.margin_y)


class OffCard(QFrame):
    """A key press or touch in the off hours: "Off until 07:00" on the black screen, drawn
    like the other cards (opaque surface, accent border, rounded), for a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stage-off-card")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        box = self._box = QVBoxLayout(self)
        self.title = QLabel(self)
        self.detail = QLabel(self)
        for label in (self.title, self.detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(label)
        self.hide()

    def set_text(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    def set_theme(self, theme: Theme) -> None:
        t = theme
        self.title.setFont(t.font("heading"))
        self.detail.setFont(t.font("detail"))
        self._box.setContentsMargins(t.px(64), t.px(40), t.px(64), t.px(44))
        self._box.setSpacing(t.px(12))
        self.setStyleSheet(
            f"QFrame#stage-off-card {{ background:{t.surface.name()};"
            f" border:{t.px(2)}px solid {t.accent.name()}; border-radius:{t.px(20)}px; }}"
            f"QLabel {{ background:transparent; border:none; color:{t.text.name()}; }}"
        )
        self.detail.setStyleSheet(f"color:{t.muted.name()}")

    def relayout(self, size: QSize) -> None:
        self.setMaximumWidth(max(100, size.width() - 2 * round(size.width() * 0.06)))
        self.adjustSize()
        self.move((size.width() - self.width()) // 2, (size.height() - self.height()) // 2)


def pick_screen(number: int | None) -> QScreen | None:
    screens = QGuiApplication.screens()
    if number is not None:
        if number < len(screens):
            return screens[number]
        log.warning(
            "there is no screen %d (found %d); using the primary screen", number, len(screens)
        )
    return QGuiApplication.primaryScreen()
