"""An operator's message over every slide (`kiosk fleet send … message`, the control FIFO).

The show owns the message and when it expires (`ShowState.message`); this banner only draws
it: one line (wrapped when long) on an opaque band across the bottom third of the screen, in
the theme's colours, above the slide and below the help and PIN overlays. Plain text always.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.theme import Theme

__all__ = ["MessageBanner"]


class MessageBanner(QLabel):
    def __init__(self, stage: QWidget, theme: Theme) -> None:
        super().__init__(stage)
        self._stage = stage  # laid out over it; never reparented
        self.setObjectName("overlay-message")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        t = theme
        self.setFont(t.font("label"))
        accent = t.highlight
        self.setStyleSheet(
            f"color:{t.text.name()}; background:{t.surface.name()};"
            f"border-top:{t.px(4)}px solid {accent.name()};"
            f"border-bottom:{t.px(4)}px solid {accent.name()};"
            f"padding:{t.px(20)}px {t.margin_x}px;"
        )
        self.relayout(self._stage.size())

    def show_message(self, text: str) -> None:
        if text == self.text() and self.isVisible() == bool(text):
            return
        self.setText(text)
        self.setVisible(bool(text))
        self.relayout(self._stage.size())

    def relayout(self, size: QSize) -> None:
        w, h = size.width(), size.height()
        self.setFixedWidth(w)
        self.adjustSize()
        self.move(0, h - self._theme.margin_y - self.height())
