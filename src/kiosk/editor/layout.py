"""The editor window's body: slide list | forms in tabs | preview over problems, and sizes.

Building the panes is one job, apart from wiring them (the window) and from what they show:
`Panes` makes the widgets in the order a person tabs through them, lays them out under the
disk bar, and sizes the splitters for the screen and for "Larger preview".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from kiosk.editor.form import FieldForm
from kiosk.editor.menus import slide_buttons
from kiosk.editor.panes import DiskBanner, ProblemsList, pane
from kiosk.editor.preview import THUMB, Preview
from kiosk.editor.slidelist import SlideListModel
from kiosk.editor.slideview import SlideListView

if TYPE_CHECKING:
    from kiosk.editor.window import EditorWindow

__all__ = ["Panes", "scroll_area"]

MakeForm = Callable[[type, tuple[str | int, ...]], FieldForm]


class Panes(QWidget):
    """The central widget: the disk bar over a splitter of the three panes."""

    def __init__(
        self,
        window: EditorWindow,
        model: SlideListModel,
        sections: tuple[tuple[str, str, type], ...],
        make_form: MakeForm,
    ) -> None:
        super().__init__(window)
        self.list = SlideListView(self)
        self.list.setModel(model)
        self.list.setIconSize(THUMB)
        left_body = QWidget(self)
        left_layout = QVBoxLayout(left_body)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(slide_buttons(window, left_body))
        left, _ = pane("Slides", left_body, self, "slides")

        self.tabs = QTabWidget(self)
        self.slide_area = scroll_area(self)
        self.tabs.addTab(self.slide_area, "Slide")
        self.section_forms: list[FieldForm] = []
        for title, key, section in sections:
            form = make_form(section, (key,))
            area = scroll_area(self)
            area.setWidget(form)
            self.tabs.addTab(area, title)
            self.section_forms.append(form)
        middle, self.form_title = pane("Slide", self.tabs, self, "form")

        self.preview = Preview(self)
        self.problem_list = ProblemsList(self)
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(pane("Preview", self.preview, self, "preview")[0])
        self.right.addWidget(pane("Problems", self.problem_list, self, "problems")[0])
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 1)

        self.splitter = QSplitter(self)
        self.splitter.setChildrenCollapsible(False)
        for part in (left, middle, self.right):
            self.splitter.addWidget(part)
        self.banner = DiskBanner(self)
        central_layout = QVBoxLayout(self)
        central_layout.setContentsMargins(4, 4, 4, 4)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self._sizes: list[int] = []

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the splitters only know their real height now
            self._shown_once = True
            self.fit_height(self.right.height())

    _shown_once = False

    def fit(self, width: int, height: int) -> None:
        """Share a window of `width` × `height` between the panes."""
        self.splitter.setSizes([int(width * 0.22), int(width * 0.42), int(width * 0.36)])
        self.fit_height(height)
        self._sizes = self.splitter.sizes()

    def fit_height(self, height: int) -> None:
        self.right.setSizes([int(height * 0.8), int(height * 0.2)])

    def set_larger_preview(self, larger: bool) -> None:
        width = sum(self.splitter.sizes())
        if larger:
            self._sizes = self.splitter.sizes()
            self.splitter.setSizes([int(width * 0.16), int(width * 0.24), int(width * 0.60)])
        else:
            self.splitter.setSizes(self._sizes)


def scroll_area(parent: QWidget) -> QScrollArea:
    """A form's scroll area: vertical only; the form narrows with the pane instead."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
