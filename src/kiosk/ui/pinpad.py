"""The exit PIN prompt: a card in the middle of the stage, typed into from the keyboard or,
on a screen with no keyboard (`controls.touch_exit`), from its own big keypad.

It paints what the lock tells it (`show_prompt`): how many digits are typed, a note ("Wrong
PIN") and the seconds left before it closes; a pad button only reports itself (`pressed`:
"0".."9", "delete", "ok", "cancel"). Drawn like the other cards: opaque surface, accent
border, rounded corners, sized from the screen, narrower than it in portrait.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.theme import Theme

__all__ = ["PAD_KEYS", "PinPrompt"]

# the pad, row by row: what each button reports, and what it shows
PAD_KEYS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("1", "1"), ("2", "2"), ("3", "3")),
    (("4", "4"), ("5", "5"), ("6", "6")),
    (("7", "7"), ("8", "8"), ("9", "9")),
    (("delete", "⌫"), ("0", "0"), ("ok", "OK")),
)


def _rgba(color: QColor) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},255)"


class PinPrompt(QFrame):
    pressed = Signal(str)  # a pad button: "0".."9", "delete", "ok", "cancel"

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay-pin")
        box = self._box = QVBoxLayout(self)
        self.title = self._label("overlay-pin-title", "Enter PIN to exit")
        self.dots = self._label("overlay-pin-dots", " ")
        self.note = self._label("overlay-pin-note", "")
        for label in (self.title, self.dots, self.note):
            box.addWidget(label)
        self.pad = QWidget(self)
        self.pad.setObjectName("overlay-pin-pad")
        grid = self._grid = QGridLayout(self.pad)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for r, row in enumerate(PAD_KEYS):
            for c, (what, shown) in enumerate(row):
                grid.addWidget(self._button(what, shown), r, c)
        grid.addWidget(self._button("cancel", "Cancel"), len(PAD_KEYS), 0, 1, 3)
        box.addWidget(self.pad)
        self.typed = 0
        self.seconds_left = 0
        self.hide()

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _button(self, what: str, shown: str) -> QPushButton:
        button = QPushButton(shown, self.pad)
        button.setObjectName(f"pin-key-{what}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the stage
        button.setAutoRepeat(False)
        button.clicked.connect(lambda: self.pressed.emit(what))
        self.buttons[what] = button
        return button

    def set_theme(self, theme: Theme) -> None:
        t = theme
        self.title.setFont(t.font("label"))
        self.dots.setFont(t.font("heading"))
        self.note.setFont(t.font("detail"))
        key_font = t.font("label")
        for button in self.buttons.values():
            button.setFont(key_font)
        side = t.px(112)
        for what, button in self.buttons.items():
            if what == "cancel":
                button.setFixedHeight(t.px(84))
            else:
                button.setFixedSize(QSize(side, side))
        self._grid.setSpacing(t.px(14))
        self._box.setContentsMargins(t.px(48), t.px(28), t.px(48), t.px(32))
        self._box.setSpacing(t.px(10))
        self.setStyleSheet(
            f"QFrame#overlay-pin {{ background:{_rgba(t.surface)};"
            f" border:{t.px(2)}px solid {_rgba(t.accent)}; border-radius:{t.px(16)}px; }}"
            f"QLabel {{ color:{_rgba(t.text)}; background:transparent; border:none; }}"
            f"QLabel#overlay-pin-note {{ color:{_rgba(t.muted)}; }}"
            f"QLabel#overlay-pin-note[wrong='true'] {{ color:#FFB4B4; }}"
            f"QPushButton {{ color:{_rgba(t.text)}; background:{_rgba(t.background)};"
            f" border:{t.px(2)}px solid {_rgba(t.muted)}; border-radius:{t.px(14)}px; }}"
            f"QPushButton:pressed {{ background:{_rgba(t.accent)}; }}"
            f"QPushButton#pin-key-ok {{ border-color:{_rgba(t.accent)}; }}"
        )

    def show_prompt(self, *, typed: int, note: str, seconds_left: int, pad: bool) -> None:
        """The prompt as the lock sees it now; shows it when hidden."""
        self.typed, self.seconds_left = typed, seconds_left
        self.dots.setText("●" * typed or "–")
        closes = f"closes in {seconds_left} s"
        self.note.setText(f"{note} · {closes}" if note else closes[0].upper() + closes[1:])
        wrong = bool(note)
        if self.note.property("wrong") != wrong:
            self.note.setProperty("wrong", wrong)
            self.note.style().unpolish(self.note)
            self.note.style().polish(self.note)
        self.pad.setVisible(pad)
        self.adjustSize()
        if not self.isVisible():
            self.show()
        self.raise_()

    def relayout(self, size: QSize) -> None:
        self.setMaximumWidth(max(100, size.width() - 2 * round(size.width() * 0.06)))
        self.adjustSize()
        self.move((size.width() - self.width()) // 2, (size.height() - self.height()) // 2)
