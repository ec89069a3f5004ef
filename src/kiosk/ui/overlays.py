"""What the stage shows on top of the slides: progress line, counter and clock, mode pill,
"go to N" hint, help panel and the corner error badge (the exit-PIN prompt is the
lock's: `kiosk.ui.pinpad`).

The overlays paint what they are told; the player decides. The progress line is the one
thing that moves all the time, so it is an opaque strip that repaints only the pixels that
changed, on its own low-rate timer that runs only while it is visible and counting.

Read from across a room: every panel and pill is opaque (slide text never shows through),
keeps its padding and rounded corners at every size and in portrait, and stays off the
content. The pills, the "go to" hint and the error badge sit in the screen's margin bands
(the badge in the top band, one line, so it never covers a heading); the help panel and the
PIN prompt are deliberate cards in the middle, narrower than the screen. The badge shows
the problem's first line; hovering it, or opening the help, shows the whole message with
its file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.wall import Wall
from kiosk.ui.pill import Pill, PillLook
from kiosk.ui.progress import ProgressLine
from kiosk.ui.theme import Theme
from kiosk.ui.timers import named_timer

__all__ = ["HELP_HIDE_MS", "Overlays", "ProgressLine"]

HELP_HIDE_MS = 10_000
BADGE_RED = QColor(176, 32, 32)


def _rgba(color: QColor, alpha: float = 1.0) -> str:
    return f"rgba({color.red()},{color.green()},{color.blue()},{round(alpha * 255)})"


def _opaque(color: QColor) -> QColor:
    return QColor(color.red(), color.green(), color.blue())


class Overlays:
    """Owns the overlay widgets on `stage` and lays them out on the theme's grid."""

    def __init__(
        self,
        stage: QWidget,
        theme: Theme,
        *,
        fraction_left: Callable[[], float | None],
        wall: Callable[[], datetime],
        help_rows: Sequence[tuple[str, str]],
    ) -> None:
        self.stage = stage
        self.theme = theme
        self._wall = wall
        self.show_progress = True
        self.show_counter = False
        self.show_clock = False
        self.badge_enabled = True
        self._counter_text = ""
        self._covered = False
        # a video wall's tile: the progress line spans the wall (bottom row), the mode pill
        # and the counter/clock sit in the wall's bottom corners; the rest is per screen
        self.video_wall: Wall | None = None

        self.progress = ProgressLine(stage, fraction_left)
        look = PillLook(theme.text, theme.surface)  # set_theme sets the real one
        self.info = Pill(stage, "overlay-info", look)
        self.pill = Pill(stage, "overlay-mode", look)
        self.hint = Pill(stage, "overlay-goto", look)
        self.badge = Pill(stage, "overlay-badge", look)
        # hovering the badge shows the whole message (file, line, what is wrong)
        self.badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.badge_detail = ""
        self.help = self._help_panel(stage, help_rows)

        self._help_timer = named_timer(stage, "help-hide-timer", self.hide_help, HELP_HIDE_MS)
        self._clock_timer = named_timer(stage, "overlay-clock-timer", self.on_clock_tick)
        self.set_theme(theme)

    # --- configuration ----------------------------------------------------------------------

    def configure(self, *, progress: bool, counter: bool, clock: bool, badge: bool) -> None:
        """The theme switches: theme.progress, .counter, .clock, .error_badge."""
        self.show_progress, self.show_counter, self.show_clock = progress, counter, clock
        self.badge_enabled = badge
        if not badge:
            self.hide_badge()
        self.on_clock_tick()

    def set_video_wall(self, wall: Wall | None) -> None:
        """This screen is tile `wall.col, wall.row` of a wall (None: a screen of its own)."""
        self.video_wall = wall
        self.relayout(self.stage.size())

    def _tile_shows(self, part: str) -> bool:
        wall = self.video_wall
        if wall is None:
            return True
        return {"line": wall.bottom, "pill": wall.shows_pill, "info": wall.shows_info}[part]

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        t = theme
        small = t.font("small")
        pad_x, pad_y = t.px(16), t.px(6)
        look = PillLook(_opaque(t.text), _opaque(t.surface), t.px(14), pad_x, pad_y)
        for label in (self.info, self.pill, self.hint):
            label.setFont(small)
            label.set_look(look)
        self.hint.setFont(t.font("detail"))
        self.badge.setFont(small)
        self.badge.set_look(PillLook(QColor("#FFFFFF"), BADGE_RED, t.px(10), pad_x, pad_y))
        self.help.setStyleSheet(
            f"QFrame#overlay-help {{ background:{_rgba(t.surface)};"
            f" border-radius:{t.px(20)}px; }}"
            f"QLabel {{ color:{_rgba(t.text)}; background:transparent; }}"
            f"QLabel[role='key'] {{ color:{_rgba(t.accent)}; }}"
            f"QLabel#overlay-help-problem {{ color:#FFB4B4; }}"
        )
        for child in self.help.findChildren(QLabel):
            child.setFont(t.font("detail"))
        self._help_title.setFont(t.font("label"))
        pad = t.px(36)
        self._help_outer.setContentsMargins(pad, pad, pad, pad)
        self._help_outer.setSpacing(t.px(18))
        self._help_grid.setHorizontalSpacing(t.px(40))
        self._help_grid.setVerticalSpacing(t.px(10))
        self.progress.set_colors(t.surface, t.accent)
        self.relayout(self.stage.size())

    def relayout(self, size: QSize) -> None:
        t = self.theme
        w, h = size.width(), size.height()
        line = max(3, t.px(6))
        self.progress.setGeometry(0, h - line, w, line)
        if self.video_wall is not None:
            tile = self.video_wall.tile_rect((w, h))
            self.progress.set_span(tile.x, self.video_wall.canvas_size((w, h))[0])
        pad = t.px(24)
        band_top = t.margin_y  # the top margin band, above every heading
        band_bottom = h - t.margin_y  # the bottom margin band, under every source line
        for label in (self.info, self.pill, self.hint):
            label.setMaximumWidth(max(50, w - 2 * pad))
            label.adjustSize()
        self._fit_badge(w - 2 * t.margin_x)
        for label in (self.info, self.pill, self.hint, self.badge):
            label.refresh()  # a new screen's pixel ratio

        def in_band(label: QLabel, top: int, bottom: int) -> int:
            return top + max(0, (bottom - top - label.height()) // 2)

        low = in_band(self.pill, band_bottom, h - line)
        self.info.move(w - t.margin_x - self.info.width(), low)
        self.pill.move(t.margin_x, low)
        self.hint.move((w - self.hint.width()) // 2, in_band(self.hint, band_bottom, h - line))
        self.badge.move(t.margin_x, in_band(self.badge, 0, band_top))
        self._fit_help(max(100, w - 2 * t.margin_x))
        self.help.adjustSize()
        self.help.move((w - self.help.width()) // 2, (h - self.help.height()) // 2)

    def _fit_help(self, width: int) -> None:
        """Keep the help panel inside `width`: the descriptions wrap, each given the height
        its wrapped text needs (a grid does not ask wrapped labels for it by itself)."""
        t = self.theme
        grid = self._help_grid
        keys = [lab for lab in self.help.findChildren(QLabel) if lab.property("role") == "key"]
        whats = [lab for lab in self.help.findChildren(QLabel) if lab.property("role") == "what"]
        problem = self._help_problem
        pad = t.px(36)
        key_w = max((lab.sizeHint().width() for lab in keys), default=0)
        natural = max(
            (QFontMetrics(lab.font()).horizontalAdvance(lab.text()) for lab in whats), default=0
        )
        room = width - 2 * pad - grid.horizontalSpacing() - key_w
        what_w = max(t.px(160), min(natural + 2, room))
        for lab in whats:
            lab.setFixedWidth(what_w)
            lab.setMinimumHeight(lab.heightForWidth(what_w))
        inner = key_w + grid.horizontalSpacing() + what_w
        problem.setFixedWidth(inner)
        problem.setMinimumHeight(problem.heightForWidth(inner) if problem.text() else 0)
        self.help.setMaximumWidth(width)

    def _fit_badge(self, width: int) -> None:
        """One line of the badge text, elided to `width` (the whole text is its tooltip)."""
        first = self.badge_detail.strip().splitlines()[0] if self.badge_detail.strip() else ""
        first = first[:300]
        if not first:
            return
        room = max(50, width - self.theme.px(32) - 2 * self.badge.look.pad_x)
        fm = QFontMetrics(self.badge.font())
        self.badge.setText(fm.elidedText(first, Qt.TextElideMode.ElideRight, room))
        self.badge.setMaximumWidth(max(50, width))
        self.badge.adjustSize()

    def raise_all(self) -> None:
        for widget in (
            self.progress,
            self.info,
            self.pill,
            self.hint,
            self.badge,
            self.help,
        ):
            widget.raise_()

    # --- state from the player -------------------------------------------------------------

    def show_state(
        self,
        *,
        counting: bool,
        frozen: bool,
        covered: bool,
        duration: float | None,
        pill: str,
        counter: str,
    ) -> None:
        """Reflect the rotation: line running or frozen, mode pill, counter; hide on blank."""
        self._counter_text = counter
        self._covered = covered
        line = self.show_progress and not covered and (counting or frozen)
        line = line and self._tile_shows("line")
        self.progress.setVisible(line)
        self.progress.follow(duration, counting)
        self.pill.setText(pill)
        self.pill.setVisible(bool(pill) and not covered and self._tile_shows("pill"))
        self._update_info()
        self.relayout(self.stage.size())

    def _update_info(self) -> None:
        parts = []
        if self.show_clock:
            parts.append(self._wall().strftime("%H:%M"))
        if self.show_counter and self._counter_text:
            parts.append(self._counter_text)
        self.info.setText("  ·  ".join(parts))
        self.info.setVisible(bool(parts) and not self._covered and self._tile_shows("info"))

    def on_clock_tick(self) -> None:
        if not self.show_clock:
            self._clock_timer.stop()
            return
        self._update_info()
        self.relayout(self.stage.size())
        now = self._wall()
        nxt = (now + timedelta(minutes=1)).replace(second=0, microsecond=0)
        self._clock_timer.start(max(200, int((nxt - now).total_seconds() * 1000) + 50))

    def show_goto(self, digits: str) -> None:
        self.show_hint(f"Go to {digits}" if digits else "")

    def show_hint(self, text: str) -> None:
        """The small hint above the bottom edge ("Go to 12", "No slide 99…"); "" hides it."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self.relayout(self.stage.size())

    # --- help -----------------------------------------------------------------------------

    def _help_panel(self, stage: QWidget, rows: Sequence[tuple[str, str]]) -> QFrame:
        panel = QFrame(stage)
        panel.setObjectName("overlay-help")
        panel.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        outer = self._help_outer = QVBoxLayout(panel)
        title = self._help_title = QLabel("Keys", panel)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setObjectName("overlay-help-title")
        outer.addWidget(title)
        grid = self._help_grid = QGridLayout()
        outer.addLayout(grid)
        for r, (keys, what) in enumerate(rows):
            for c, text in enumerate((keys, what)):
                label = QLabel(text, panel)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setProperty("role", "key" if c == 0 else "what")
                label.setWordWrap(c == 1)  # in portrait the descriptions wrap
                grid.addWidget(label, r, c)
        grid.setColumnStretch(1, 1)
        problem = self._help_problem = QLabel("", panel)
        problem.setObjectName("overlay-help-problem")
        problem.setTextFormat(Qt.TextFormat.PlainText)
        problem.setWordWrap(True)
        problem.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        problem.hide()
        outer.addWidget(problem)
        panel.hide()
        return panel

    def toggle_help(self) -> None:
        if self.help.isVisible():
            self.hide_help()
        else:
            self.help.adjustSize()
            self.relayout(self.stage.size())
            self.help.show()
            self.help.raise_()
            self._help_timer.start()

    def hide_help(self) -> bool:
        was = self.help.isVisible()
        self._help_timer.stop()
        self.help.hide()
        return was

    def help_timer(self) -> QTimer:
        return self._help_timer

    # --- error badge ---------------------------------------------------------

    def show_badge(self, text: str, detail: str | None = None) -> None:
        """A corner badge, e.g. while the saved playlist is invalid (theme.error_badge).

        The badge shows the first line of `text`; `detail` (default: `text`), the whole
        message with file and line, shows when the badge is hovered and in the help panel."""
        if not self.badge_enabled:
            return
        self.badge_detail = text if text.strip() else "error"
        full = (detail if detail is not None else text).strip() or "error"
        self.badge.setToolTip(full)
        problem = self._help_problem
        problem.setText(f"Playlist problem: {full}")
        problem.show()
        self.badge.show()
        self.badge.raise_()
        self.relayout(self.stage.size())

    def hide_badge(self) -> None:
        self.badge.hide()
        self.badge.setToolTip("")
        problem = self._help_problem
        problem.hide()
        problem.setText("")
