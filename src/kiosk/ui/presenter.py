"""The presenter window: the slide on screen and the next one, speaker notes, the times.

`kiosk run --presenter` (or S on the stage) opens it on another screen when there is one,
else as a window. It shows the slide on screen (at its reveal step) and the one rotation
shows next, the slide's `notes`, the time since the presenter opened, the slide's time left
(or why it is not counting: manual, paused, black screen), the reveal step and the counter.
The audience screen is unchanged.

It is a subscriber of the same show as the stage: it redraws from each `ShowState` the
player emits, and its keys become `Command`s sent to that show (→ next, ← previous, P pause,
B black, Home/End; O opens the overview on the audience screen, and while it is open the
arrows and Enter here move and jump in it); nothing here decides what is on screen.
A one-second timer only refreshes the two clocks.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.commands import Command, Op
from kiosk.core.languages import in_languages
from kiosk.core.rotation import Mode
from kiosk.core.state import Cover, ShowState
from kiosk.ui.input import KEYS
from kiosk.ui.pill import fill_background
from kiosk.ui.thumbs import SlidePictures
from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["PresenterLauncher", "PresenterWindow", "clock_text"]

log = logging.getLogger(__name__)

K = Qt.Key
# the display's own keys (kiosk.ui.input.KEYS) that make sense in this window: Enter, Esc, O
# and the white screen are the presenter window's own, or not for a speaker
PRESENTER_KEYS: dict[int, Op] = {
    key: what
    for key, what in KEYS.items()
    if isinstance(what, Op)
    and what is not Op.TOGGLE_WHITE
    and key not in (K.Key_Return, K.Key_Enter)
}


def clock_text(seconds: float) -> str:
    """`75.4` → `1:15`; an hour or more → `1:02:03`."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _label(parent: QWidget, name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # notes are playlist text
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class Preview(QLabel):
    """A slide's picture scaled to fill the label, or a line of text where there is none.

    The picture is scaled once per change of picture or size and shown as the label's
    background (`fill_background`), not by `QLabel.setPixmap` with scaled contents: that
    kept a scaled copy of every picture shown in Qt's pixmap cache, up to 10 MiB."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._source = QPixmap()
        self._shown = QPixmap()

    def shown(self) -> QPixmap:
        """The picture as shown: the label's size, at the screen's pixel ratio; else null."""
        return self._shown

    def set_picture(self, picture: QPixmap) -> None:
        self.setText("")
        self._source = picture
        self._fit()

    def set_message(self, text: str) -> None:
        self._source = QPixmap()
        self._fit()
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        ratio = self.devicePixelRatioF()
        size = self.size() * ratio
        if self._source.isNull() or size.isEmpty():
            self._shown = QPixmap()
        else:
            self._shown = self._source.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._shown.setDevicePixelRatio(ratio)
        fill_background(self, self._shown)


class PresenterWindow(QWidget):
    """What the presenter sees, from the state of `player`'s show."""

    def __init__(self, player: Player) -> None:
        super().__init__(None)
        self.setObjectName("presenter")
        self.setWindowTitle("kiosk — presenter")
        self.player = player
        self.clock = player.clock
        self.opened = self.clock.now()
        self.pictures = SlidePictures(lambda: player.loaded, lambda: player.stage.size())
        theme = player.stage.theme
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.background)
        palette.setColor(QPalette.ColorRole.WindowText, theme.text)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.current = Preview(self, "presenter-current")
        self.next = Preview(self, "presenter-next")
        self.current_title = _label(self, "presenter-current-title")
        self.next_title = _label(self, "presenter-next-title")
        self.counter = _label(self, "presenter-counter")
        self.elapsed = _label(self, "presenter-elapsed")
        self.remaining = _label(self, "presenter-remaining")
        self.step = _label(self, "presenter-step")
        self.notes_title = _label(self, "presenter-notes-title")
        self.notes = _label(self, "presenter-notes", wrap=True)
        self.notes_title.setText("Notes")
        self.current_title.setText("On screen")
        for muted in (self.current_title, self.next_title, self.notes_title, self.step):
            pal = muted.palette()
            pal.setColor(QPalette.ColorRole.WindowText, theme.muted)
            muted.setPalette(pal)
        pal = self.remaining.palette()
        pal.setColor(QPalette.ColorRole.WindowText, theme.accent)
        self.remaining.setPalette(pal)
        self._state: ShowState = player.state
        self._timer = named_timer(self, "presenter-clock", self.on_clock, 1000, single_shot=False)
        player.state_changed.connect(self.on_state)
        self.resize(1280, 720)
        self.on_state(player.state)

    # --- the show's state -------------------------------------------------------------------

    def on_state(self, state: ShowState) -> None:
        self._state = state
        loaded = self.player.loaded
        slides = loaded.playlist.slides
        index = state.index
        self.counter.setText(state.counter or "—")
        if index is None:
            self.current.set_message("No slide can be shown: the deck title is on screen")
            self.notes.setText("")
            self.step.setText("")
        else:
            step = state.step if state.steps else None
            picture = self.pictures.picture(index, state.deck_version, step, state.languages)
            self.current.set_picture(picture)
            # the notes in the languages on screen, one paragraph each
            notes = in_languages(slides[index].notes, state.languages, sep="\n\n").strip()
            self.notes.setText(notes or "No notes for this slide.")
            self.step.setText(f"Point {state.step} of {state.steps} shown" if state.steps else "")
        following = self.player.show.peek_next()
        if following is None or following == index:
            self.next.set_message("—")
            self.next_title.setText("Next")
        else:
            langs = self.player.show.languages_for(following)
            picture = self.pictures.picture(following, state.deck_version, None, langs)
            self.next.set_picture(picture)
            self.next_title.setText(f"Next: slide {following + 1}")
        self.on_clock()
        self._layout()

    def on_clock(self) -> None:
        state = self._state
        now = self.clock.now()
        self.elapsed.setText(f"Elapsed {clock_text(now - self.opened)}")
        if state.cover is Cover.BLACK or state.cover is Cover.WHITE:
            left = f"{state.cover.value.capitalize()} screen"
        elif not state.display_on:
            left = "Off (display hours)"
        elif state.mode is Mode.PLAYING and state.deadline is not None:
            left = f"Slide left {clock_text(state.deadline - now + 0.999)}"
        elif state.mode is Mode.PAUSED and state.remaining is not None:
            left = f"Paused, {clock_text(state.remaining + 0.999)} left"
        elif state.mode is Mode.MANUAL:
            left = "Manual: rotation resumes when idle"
        else:
            left = ""
        self.remaining.setText(left)

    # --- layout -----------------------------------------------------------------------------

    def _layout(self) -> None:
        w, h = self.width(), self.height()
        unit = min(w / 1280, h / 720)
        pad = round(32 * unit)
        big = self.player.stage.theme.qfont()
        big.setPixelSize(max(14, round(34 * unit)))
        small = QFont(big)
        small.setPixelSize(max(12, round(24 * unit)))
        notes_font = QFont(big)
        notes_font.setPixelSize(max(14, round(30 * unit)))
        for label in (self.counter, self.elapsed, self.remaining):
            label.setFont(big)
        for label in (self.current_title, self.next_title, self.notes_title, self.step):
            label.setFont(small)
        self.notes.setFont(notes_font)
        bar = round(56 * unit)
        self.counter.setGeometry(pad, pad // 2, w // 4, bar)
        self.elapsed.setGeometry(w // 4, pad // 2, w // 4, bar)
        self.remaining.setGeometry(w // 2, pad // 2, w // 2 - pad, bar)
        self.remaining.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        aspect = self.pictures.render_size()
        ratio = aspect.height() / max(1, aspect.width())
        top = pad // 2 + bar
        title_h = round(34 * unit)
        left_w = round((w - 3 * pad) * 0.62)
        cur_h = min(round(left_w * ratio), h - top - title_h - 3 * pad - title_h)
        cur_w = round(cur_h / ratio) if ratio else left_w
        self.current_title.setGeometry(pad, top, cur_w, title_h)
        self.current.setGeometry(pad, top + title_h, cur_w, cur_h)
        self.step.setGeometry(pad, top + title_h + cur_h + pad // 3, cur_w, title_h)
        right = pad + cur_w + pad
        right_w = w - right - pad
        nxt_h = min(round(right_w * ratio), (h - top) // 2)
        nxt_w = round(nxt_h / ratio) if ratio else right_w
        self.next_title.setGeometry(right, top, right_w, title_h)
        self.next.setGeometry(right, top + title_h, nxt_w, nxt_h)
        notes_top = top + title_h + nxt_h + pad // 2
        self.notes_title.setGeometry(right, notes_top, right_w, title_h)
        self.notes.setGeometry(right, notes_top + title_h, right_w, h - notes_top - title_h - pad)
        if self.next.shown().isNull():
            self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def resizeEvent(self, event: object) -> None:
        self._layout()

    # --- keys: commands for the same show ---------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        overview = getattr(self.player, "overview", None)
        if overview is not None and overview.isVisible():
            overview.on_key(key)  # the grid on the audience screen takes the arrows and Enter
            return
        op = PRESENTER_KEYS.get(key)
        if op is not None:
            if not event.isAutoRepeat() or op in (Op.NEXT, Op.PREV):
                self.player.submit(Command(op, source="presenter"))
            return
        if key == K.Key_O:
            if overview is not None:
                overview.open()
            return
        if key in (K.Key_Escape, K.Key_Q) and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ControlModifier,
        ):
            self.close()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: object) -> None:
        self._timer.start()

    def hideEvent(self, event: object) -> None:
        self._timer.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        super().closeEvent(event)


class PresenterLauncher(QObject):
    """Opens the presenter window: `open()` (`--presenter`), or S on the stage."""

    def __init__(self, player: Player) -> None:
        super().__init__(player)
        self.setObjectName("presenter-launcher")
        self.player = player
        self.window: PresenterWindow | None = None

    def open(self) -> PresenterWindow:
        """Show the presenter window (on a screen the stage is not on, when there is one)."""
        if self.window is None:
            self.window = PresenterWindow(self.player)
        window = self.window
        stage_screen = self.player.stage.screen()
        others = [s for s in QGuiApplication.screens() if s is not stage_screen]
        if others:
            window.setGeometry(others[0].availableGeometry())
            window.showMaximized()
        else:
            window.resize(QSize(1280, 720))
            window.show()
        if QGuiApplication.platformName() != "offscreen":  # it cannot raise windows
            window.raise_()
            window.activateWindow()
        log.info("presenter window open%s", " on another screen" if others else "")
        return window

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
