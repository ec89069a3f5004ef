"""Text off a video wall's horizontal seams: the shared pass every slide view calls.

On a wall the slide is laid out at the canvas size and the horizontal seams (the bezels
between rows of screens, `SlideContext.seams_y`) hide a band of it. A line of text cut
through its x-height by a bezel does not read, so after a view has laid out, it hands each
vertical *block* of its content (widgets stacked one under another, and the rects it paints
with them) to `clear_block`, which moves the block as little as it can so that every seam
falls between two lines:

- between two pieces (a paragraph and the subtitle, the number and its label): the pieces
  above the seam move up and those below move down, just enough, or the block moves as one;
- through a paragraph: the label is cut into two labels at a line break (a stacked pair is
  first undone into its text and its translations), and the gap goes between the lines;
- always inside the block's room (the content area): nothing is pushed off the screen.
  When there is no way inside it, the block stays as it was and the view may shrink it.

Columns side by side stay as they are (a heading across a vertical seam reads on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QWidget

from kiosk.ui.langtext import PairLabel
from kiosk.ui.text import TabularNumber, TextLabel, ink_rect

__all__ = ["Block", "clear_block", "line_spans", "text_lines"]

Seams = tuple[tuple[int, int], ...]


@dataclass
class Block:
    """Widgets (children of the view) and painted rects that sit one under another and move
    together; `room` (top, bottom) is where they may go."""

    widgets: list[QWidget]
    room: tuple[int, int]
    rects: list[QRect] = field(default_factory=list)
    cut_from: list[tuple[QWidget, QWidget]] = field(default_factory=list)  # (piece, original)

    def pieces(self, widget: QWidget) -> list[QWidget]:
        """`widget` and the labels cut from it (a reveal shows and hides them together)."""
        return [widget] + [p for p, o in self.cut_from if o is widget]

    def _born(self, piece: QWidget, of: QWidget) -> None:
        origin = next((o for p, o in self.cut_from if p is of), of)
        self.cut_from.append((piece, origin))


def _plain(label: QWidget) -> bool:
    return (
        isinstance(label, TextLabel)
        and not isinstance(label, TabularNumber)
        and not label.markup
        and label.wordWrap()
    )


def text_lines(label: TextLabel) -> list[tuple[int, int, int]]:
    """The lines of a label's own text: (top, bottom, index of the line's first character),
    in the label's coordinates (a pair's translations are labels of their own)."""
    if not _plain(label):
        return [(0, max(1, label.contentsRect().height()), 0)]
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    fm = QFontMetrics(label.font())
    width = label.width()
    lines: list[tuple[int, int, int]] = []
    y = 0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append((y, y + fm.height(), line.textStart()))
        y += fm.lineSpacing()
    layout.endLayout()
    return lines or [(0, max(1, label.height()), 0)]


def line_spans(widget: QWidget, view: QWidget) -> list[tuple[int, int]]:
    """Every line of text `widget` shows, (top, bottom) in `view`'s coordinates: its own lines
    and, for a stacked pair, its translations'."""
    if not isinstance(widget, TextLabel):
        return []
    top = widget.mapTo(view, widget.rect().topLeft()).y()
    spans = [(top + t, top + b) for t, b, _ in text_lines(widget)]
    if isinstance(widget, PairLabel):
        for sub in widget.subs:
            spans += line_spans(sub, view)
    return spans


def _hits(span: tuple[int, int], seams: Seams, margin: int) -> tuple[int, int] | None:
    t, b = span
    for s0, s1 in seams:
        if b + margin > s0 and t - margin < s1:
            return s0, s1
    return None


def _flatten(pair: PairLabel, view: QWidget) -> list[TextLabel]:
    """Undo a stacked pair into its text and its translations, each a label of the view."""
    main_h = pair.contentsRect().height()
    subs = list(pair.subs)
    pair.subs = []
    out: list[TextLabel] = [pair]
    for sub in subs:
        at = sub.mapTo(view, sub.rect().topLeft())
        size = sub.size()
        sub.setParent(view)
        sub.setGeometry(at.x(), at.y(), size.width(), size.height())
        sub.setVisible(not pair.isHidden())
        out.append(sub)
    pair.setContentsMargins(0, 0, 0, 0)
    QWidget.resize(pair, pair.width(), main_h)
    return out


def _split(label: TextLabel, start: int, y: int, view: QWidget) -> TextLabel:
    """Cut `label` at character `start` (a line break, `y` below its top): the lines from
    there on become a new label of the view, in the same font, colour and name."""
    text = label.text()
    color = label.palette().color(QPalette.ColorRole.WindowText)
    rest = TextLabel(
        text[start:], label.font(), color, view, wrap=True, align=label.alignment(),
        min_scale=label.min_scale,
    )  # fmt: skip
    rest.setObjectName(label.objectName())
    rest.setLayoutDirection(label.layoutDirection())
    rest.setVisible(not label.isHidden())
    label.setText(text[:start].rstrip())
    w = label.width()
    rest.setGeometry(label.x(), label.y() + y, w, rest.needed(w).height())
    label.setGeometry(label.x(), label.y(), w, label.needed(w).height())
    return rest


@dataclass
class _Line:
    top: int
    bottom: int
    widget: QWidget
    start: int  # the line's first character in its label (-1: a translation of a pair)
    text: bool = True  # False: artwork moving with the text (the quote mark)


def _lines(block: Block, view: QWidget) -> list[_Line]:
    out: list[_Line] = []
    for w in block.widgets:
        y = w.y()
        if isinstance(w, TabularNumber):  # a big number: its ink (the seam may pass close)
            ink = ink_rect(w.text(), w.font())
            base = QFontMetrics(w.font()).ascent()
            out.append(_Line(y + base + ink.top(), y + base + ink.bottom() + 1, w, 0))
        elif isinstance(w, TextLabel):
            out += [_Line(y + t, y + b, w, c) for t, b, c in text_lines(w)]
            if isinstance(w, PairLabel):
                out += [_Line(t, b, w, -1) for sub in w.subs for t, b in line_spans(sub, view)]
        else:
            out.append(_Line(y, y + w.height(), w, 0, text=False))
    return out


def _plan(
    lines: list[_Line], extent: tuple[int, int], room: tuple[int, int], seams: Seams, margin: int
) -> list[tuple[int, int, int]] | None:
    """The cuts that clear every text line of the seams: (y, shift above, shift below), in
    order, each on the lines as the cuts before it left them; None when none fits `room`."""
    tops = [ln.top for ln in lines]
    bots = [ln.bottom for ln in lines]
    lo, hi = room
    first, last = extent
    cuts: list[tuple[int, int, int]] = []
    for _ in range(4 * (len(seams) + 2)):
        hit = None
        for i, ln in enumerate(lines):
            if ln.text and hit is None:
                hit = _hits((tops[i], bots[i]), seams, margin)
        if hit is None:
            return cuts
        s0, s1 = hit
        order = sorted(range(len(lines)), key=lambda i: tops[i])
        best: tuple[tuple[int, int], int, int, int] | None = None  # cost, at, up, down
        for k in range(len(order) + 1):
            above = list(order[:k])
            below = list(order[k:])
            a = max((bots[i] for i in above if lines[i].text), default=None)
            b = min((tops[i] for i in below if lines[i].text), default=None)
            if above and below and tops[order[k]] < max(bots[i] for i in above):
                continue  # side by side (a unit beside its number): no cut there
            up = 0 if a is None else min(0, s0 - margin - a)
            down = 0 if b is None else max(0, s1 + margin - b)
            if not below:  # the whole block just above the seam
                down = up
            if not above:  # the whole block just below it
                up = down
            if (up, down) == (0, 0):
                continue
            if first + up < lo or last + down > hi:
                continue
            at = tops[order[k]] if below else last + 1
            # first the cuts that leave no line on another seam, then the smallest move
            crossed = sum(
                1
                for i in range(len(lines))
                if lines[i].text
                and _hits((tops[i] + (down if tops[i] >= at else up),
                           bots[i] + (down if tops[i] >= at else up)), seams, margin)
            )  # fmt: skip
            cost = (crossed, abs(down) if up == down else down - up)
            if best is None or cost < best[0]:
                best = (cost, at, up, down)
        if best is None:
            return None
        _, at, up, down = best
        for i in range(len(lines)):
            d = down if tops[i] >= at else up
            tops[i] += d
            bots[i] += d
        first, last = first + (down if first >= at else up), last + (down if last >= at else up)
        cuts.append((at, up, down))
    return None


def _cut_widgets(block: Block, view: QWidget, at: int) -> None:
    """Make `at` fall between widgets: a label with lines on both sides is cut there."""
    for w in list(block.widgets):
        if not isinstance(w, TextLabel) or not (w.y() < at < w.y() + w.height()):
            continue
        if isinstance(w, PairLabel) and w.subs:
            i = block.widgets.index(w)
            block.widgets[i : i + 1] = flat = _flatten(w, view)
            for piece in flat[1:]:
                block._born(piece, w)
            _cut_widgets(block, view, at)
            return
        if not _plain(w):
            continue
        for t, _, c in text_lines(w):
            if t > 0 and w.y() + t >= at:
                rest = _split(w, c, t, view)
                block.widgets.insert(block.widgets.index(w) + 1, rest)
                block._born(rest, w)
                break


def clear_block(view: QWidget, block: Block, seams: Seams, margin: int) -> bool:
    """Move `block` (see the module docstring) until no line of its text crosses a seam;
    False, and the block left as it was, when no way inside its room does."""
    if not seams or not block.widgets:
        return True
    lines = _lines(block, view)
    extent = (  # the painted rects too: a title slide's logo is not pushed off the top
        min([w.y() for w in block.widgets] + [r.top() for r in block.rects]),
        max([w.y() + w.height() - 1 for w in block.widgets] + [r.bottom() for r in block.rects]),
    )
    # a block already reaching past its room (a timeline's last row) may not reach further
    room = (min(block.room[0], extent[0]), max(block.room[1], extent[1]))
    cuts = _plan(lines, extent, room, seams, margin)
    if cuts is None:
        return False
    for at, up, down in cuts:
        _cut_widgets(block, view, at)
        for w in block.widgets:
            w.move(w.x(), w.y() + (down if w.y() >= at else up))
        for r in block.rects:
            r.translate(0, down if r.top() >= at else up)
    return True


def clear_view(view: QWidget, blocks: Sequence[Block], seams: Seams, margin: int) -> bool:
    """Every block of a view cleared (see `clear_block`); False when one could not be."""
    ok = True
    for block in blocks:
        ok = clear_block(view, block, seams, margin) and ok
    return ok
