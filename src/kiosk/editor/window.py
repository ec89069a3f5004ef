"""The editor window: slide list | forms (Slide, Deck, Theme, …) | live preview and problems.

The window is the composition root of the editor: it owns the document, the undo stack and
the widgets, and wires them. Widgets only *request* changes (form `edited`, list
`move_requested` / `enable_requested`); every change becomes an undo command; the document
tells the window what changed, and the window re-validates and refreshes what shows it.

Jobs beside it, each in its own module: files and the disk (`session.FileSession`), a
chart's value source (`sources.SourceSwitcher`), the drop line (`slideview`), the file
watch (`diskwatch`), Play from here (`play`), the data table editor (`datadialog`).
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.jsonpos import JsonPath
from kiosk.core.loader import LoadedPlaylist, Problem
from kiosk.core.model import Controls, Deck, Defaults, Schedule, Theme
from kiosk.editor import play
from kiosk.editor.commands import (
    EditValue,
    InsertSlide,
    MoveSlide,
    RemoveSlide,
    set_enabled,
)
from kiosk.editor.datadialog import DataTableDialog
from kiosk.editor.diskwatch import DiskWatch
from kiosk.editor.document import (
    Change,
    PlaylistDocument,
    parse_path,
)
from kiosk.editor.form import FieldForm
from kiosk.editor.menus import build_menus, slide_buttons
from kiosk.editor.panes import DiskBanner, ProblemsList, pane
from kiosk.editor.preview import THUMB, Preview, Thumbnails
from kiosk.editor.schema import slide_class
from kiosk.editor.session import FileSession
from kiosk.editor.slidelist import SlideListModel
from kiosk.editor.slideview import SlideListView
from kiosk.editor.sources import SourceSwitcher
from kiosk.editor.templates import new_slide
from kiosk.editor.wording import describe_path, slide_name

__all__ = ["EditorWindow"]

log = logging.getLogger("kiosk.editor")
SECTIONS = (
    ("Deck", "deck", Deck),
    ("Theme", "theme", Theme),
    ("Defaults", "defaults", Defaults),
    ("Controls", "controls", Controls),
    ("Schedule", "schedule", Schedule),
)
DEFAULT_SIZE = (1400, 860)


class EditorWindow(QMainWindow):
    def __init__(
        self,
        doc: PlaylistDocument,
        parent: QWidget | None = None,
        *,
        launcher: play.Launcher = play.start_detached,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.loaded: LoadedPlaylist | None = None  # the current document, when valid
        self.problems: list[Problem] = []
        self.stack = QUndoStack(self)
        self.thumbs = Thumbnails(self)
        self.model = SlideListModel(doc, self.thumbs)
        self.launcher = launcher
        self.data_dialog: DataTableDialog | None = None
        self.sources = SourceSwitcher(self)

        self.list = SlideListView(self)
        self.list.setModel(self.model)
        self.list.setIconSize(THUMB)
        left_body = QWidget(self)
        left_layout = QVBoxLayout(left_body)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(slide_buttons(self, left_body))
        left, _ = pane("Slides", left_body, self, "slides")

        self.tabs = QTabWidget(self)
        self.slide_area = _scroll_area(self)
        self.tabs.addTab(self.slide_area, "Slide")
        self.slide_form: FieldForm | None = None
        self.section_forms: list[FieldForm] = []
        for title, key, model in SECTIONS:
            form = self._make_form(model, (key,))
            area = _scroll_area(self)
            area.setWidget(form)
            self.tabs.addTab(area, title)
            self.section_forms.append(form)
        self.tabs.currentChanged.connect(lambda _i: self.update_form_title())
        middle, self.form_title = pane("Slide", self.tabs, self, "form")

        self.preview = Preview(self)
        self.preview.set_source(lambda: (self.loaded, self.current_row()))
        self.preview.larger_toggled.connect(self.on_larger_toggled)
        self.preview.play_requested.connect(self.play_from_here)
        self.problem_list = ProblemsList(self)
        self.problem_list.itemActivated.connect(self.on_problem_activated)
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
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 4, 4, 4)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.fit_screen()

        self.session = FileSession(self)
        self.disk_watch = DiskWatch(self)
        self.disk_watch.touched.connect(self.session.check_disk)
        self.disk_watch.touched.connect(self.on_data_maybe_changed)
        self._data_stamp: tuple[tuple[str, int, int], ...] = ()
        self.banner.reload_requested.connect(self.session.reload_from_disk)
        self.banner.keep_requested.connect(self.session.keep_mine)

        build_menus(self)
        self.model.move_requested.connect(
            self.on_move_requested, Qt.ConnectionType.QueuedConnection
        )
        self.model.enable_requested.connect(self.on_enable_requested)
        self.list.selectionModel().currentChanged.connect(self.on_current_changed)
        self.stack.cleanChanged.connect(self.update_title)
        self.set_document(doc)

    def fit_screen(self) -> None:
        """Open at 1400×860, or smaller so that all of it fits the screen it opens on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = DEFAULT_SIZE
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() - 16)
            height = min(height, room.height() - 48)  # the title bar
        self.setMinimumSize(640, 420)
        self.resize(width, height)
        self.splitter.setSizes([int(width * 0.22), int(width * 0.42), int(width * 0.36)])
        self.right.setSizes([int(height * 0.8), int(height * 0.2)])
        self._sizes = self.splitter.sizes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the splitters only know their real height now
            self._shown_once = True
            height = self.right.height()
            self.right.setSizes([int(height * 0.8), int(height * 0.2)])

    _shown_once = False

    def toggle_orientation(self) -> None:
        box = self.preview.orientation
        box.setCurrentIndex((box.currentIndex() + 1) % box.count())

    def on_larger_toggled(self, larger: bool) -> None:
        width = sum(self.splitter.sizes())
        if larger:
            self._sizes = self.splitter.sizes()
            self.splitter.setSizes([int(width * 0.16), int(width * 0.24), int(width * 0.60)])
        else:
            self.splitter.setSizes(self._sizes)
        self.preview.schedule()

    # --- document -----------------------------------------------------------------------

    def set_document(self, doc: PlaylistDocument) -> None:
        if self.doc is not doc:
            self.doc.listeners.clear()
        self.doc = doc
        doc.listeners.append(self.on_document_changed)
        self.stack.clear()
        if not doc.is_modified():
            self.stack.setClean()
        self.model.set_document(doc)
        self.banner.hide()
        self.watch_file()
        self.revalidate()
        self.select(0 if doc.slides else None)
        for form in self.section_forms:
            form.refresh(doc)
        self.update_title()

    def on_document_changed(self, change: Change) -> None:
        if change.kind == "document":  # reloaded from disk, or that undone
            self.thumbs.forget_rows()
            self.model.reset()
            self.revalidate()
            self.select(self.current_row())
            for form in self.section_forms:
                form.refresh(self.doc)
            return
        if change.kind == "slides":
            self.thumbs.forget_rows()
            self.model.reset()
            self.revalidate()
            self.select(change.select)
            return
        self.revalidate()
        path = change.path
        if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
            self.model.on_thumbnail(path[1])  # its title, check box and picture
        elif path and path[0] in ("theme", "deck"):
            self.model.reset()
            self.select(self.current_row())
        if self.slide_form is not None and path[:2] == ("slides", self.current_row()):
            self.slide_form.refresh(self.doc)
        for form in self.section_forms:
            form.refresh(self.doc)

    def revalidate(self) -> None:
        """Check the whole playlist as `kiosk validate` would, and show every problem."""
        result = self.doc.validate()
        self.loaded = result if isinstance(result, LoadedPlaylist) else None
        self.problems = [] if isinstance(result, LoadedPlaylist) else result
        located = [(parse_path(p.path), p.message) for p in self.problems]
        per_slide: dict[int, list[str]] = {}
        for path, message in located:
            if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
                per_slide.setdefault(path[1], []).append(message)
        self.model.set_problems(per_slide)
        self.thumbs.update_deck(self.doc.data, self.loaded)
        for form in (*self.section_forms, *([self.slide_form] if self.slide_form else [])):
            form.show_problems(located)
        self.problem_list.show_problems([self.problem_text(p) for p in self.problems])
        self.preview.schedule()
        self._data_stamp = self.data_stamp()
        if self.loaded is not None:
            self.disk_watch.also_watch(list(self.loaded.tables))

    def data_stamp(self) -> tuple[tuple[str, int, int], ...]:
        """When and how big each data file the deck reads is (to notice outside edits)."""
        if self.loaded is None:
            return ()
        out: list[tuple[str, int, int]] = []
        for path in sorted(self.loaded.tables):
            try:
                info = path.stat()
            except OSError:
                out.append((str(path), -1, -1))
            else:
                out.append((str(path), info.st_mtime_ns, info.st_size))
        return tuple(out)

    def on_data_maybe_changed(self) -> None:
        """A data file changed outside the editor (a spreadsheet saved it): redraw."""
        if self.data_stamp() != self._data_stamp:
            self.thumbs.clear()
            self.model.reset()
            self.revalidate()
            self.select(self.current_row())

    def problem_text(self, p: Problem) -> str:
        """'slide 2 (bullets) › Points: must have at least 2 items (got 1)'.

        No line number: it would be a line of the text not yet saved, which nobody can see.
        """
        where = describe_path(self.doc.data, parse_path(p.path)) if p.path else ""
        return f"{where}: {p.message}" if where else p.message

    def on_problem_activated(self) -> None:
        row = self.problem_list.currentRow()
        if not 0 <= row < len(self.problems):
            return
        path = parse_path(self.problems[row].path)
        form: FieldForm | None = None
        if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
            self.select(path[1])
            self.tabs.setCurrentIndex(0)
            form = self.slide_form
        elif path:
            names = [key for _, key, _ in SECTIONS]
            if path[0] in names:
                index = names.index(str(path[0]))
                self.tabs.setCurrentIndex(1 + index)
                form = self.section_forms[index]
        if form is not None:
            form.focus_field(path)

    # --- selection and the slide form --------------------------------------------------

    def current_row(self) -> int | None:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else None

    def select(self, row: int | None) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            row = self.model.rowCount() - 1 if self.model.rowCount() else None
        if row is None:
            self.show_slide_form(None)
            return
        index = self.model.index(row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.list.selectionModel().setCurrentIndex(index, flags)
        self.show_slide_form(row)  # also when the row number stayed the same

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_slide_form(current.row() if current.isValid() else None)

    def show_slide_form(self, row: int | None) -> None:
        old = self.slide_area.takeWidget()
        if old is not None:
            old.setParent(None)
            old.deleteLater()
        self.slide_form = None
        if row is not None:
            slide = self.doc.slides[row]
            model = slide_class(slide.get("type")) if isinstance(slide, dict) else None
            self.slide_form = self._make_form(model, ("slides", row))
            self.slide_form.setObjectName("slide-form")
            self.slide_area.setWidget(self.slide_form)
            self.slide_form.refresh(self.doc)
            self.slide_form.show_problems([(parse_path(p.path), p.message) for p in self.problems])
        self.update_form_title()
        self.preview.schedule()

    def update_form_title(self) -> None:
        row = self.current_row()
        if self.tabs.currentIndex() == 0:
            title = "Slide" if row is None else slide_name(self.doc.data, row).capitalize()
        else:
            title = self.tabs.tabText(self.tabs.currentIndex())
        self.form_title.setText(title)

    def _make_form(self, model: type | None, base: tuple[str | int, ...]) -> FieldForm:
        form = FieldForm(model, base, lambda p: self.doc.relative(p), lambda: self.doc.base_dir)
        form.edited.connect(self.on_field_edited)
        form.edited_many.connect(self.on_fields_edited)
        form.source_requested.connect(self.sources.on_source_requested)
        form.data_edit_requested.connect(self.edit_data)
        form.pending_changed.connect(self.update_title)
        form.refresh(self.doc)
        return form

    # --- edits (every one an undo step) -------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        self.stack.push(command)

    def on_field_edited(self, path: tuple[str | int, ...], value: object) -> None:
        self.push(EditValue(self.doc, path, value))

    def on_fields_edited(self, text: str, changes: list[tuple[JsonPath, object]]) -> None:
        """Several keys set as one undo step (e.g. a chart switching to a data file)."""
        self.stack.beginMacro(text)
        try:
            for path, value in changes:
                command = EditValue(self.doc, path, value)
                command.seal()
                self.push(command)
        finally:
            self.stack.endMacro()

    # --- data files, preview, play ------------------------------------------------------

    def edit_data(self, rel: str) -> None:
        """Open the data table editor on the chart's data file."""
        if not rel:
            self.statusBar().showMessage("Choose a data file first (Browse…).", 8000)
            return
        if self.data_dialog is not None:
            self.data_dialog.close()
        self.data_dialog = DataTableDialog(self.doc.base_dir / rel, self)
        self.data_dialog.saved.connect(self.on_data_saved)
        self.data_dialog.open()

    def on_data_saved(self, path: Path) -> None:
        self.thumbs.clear()
        self.model.reset()
        self.revalidate()
        self.select(self.current_row())
        self.statusBar().showMessage(f"Saved {path.name}; the preview shows the new data.", 8000)

    def play_from_here(self) -> bool:
        """Start the current deck in a window at the selected slide."""
        row = self.current_row()
        if row is None or self.loaded is None:
            self.statusBar().showMessage(
                "Cannot play: the playlist has problems (see Problems).", 8000
            )
            return False
        playlist = self.doc.virtual_path()
        if self.doc.path is None or self.doc.is_modified() or self.doc.changed_on_disk():
            try:
                playlist = play.write_scratch(self.doc.virtual_path(), self.doc.serialize())
            except OSError as e:
                self.statusBar().showMessage(f"Cannot play: {e.strerror or e}", 8000)
                return False
        program, args = play.play_command(playlist, row)
        if not self.launcher(program, args):
            self.statusBar().showMessage("Could not start kiosk run.", 8000)
            return False
        self.statusBar().showMessage(f"Playing from {slide_name(self.doc.data, row)}.", 8000)
        return True

    def on_enable_requested(self, row: int, enabled: bool) -> None:
        self.push(set_enabled(self.doc, row, enabled))

    def on_move_requested(self, src: int, dst: int) -> None:
        self.push(MoveSlide(self.doc, src, dst))

    def add_slide(self, kind: str) -> None:
        row = self.current_row()
        at = len(self.doc.slides) if row is None else row + 1
        self.push(InsertSlide(self.doc, at, new_slide(kind, self.doc), f"Add {kind} slide"))

    def duplicate_slide(self) -> None:
        row = self.current_row()
        if row is None:
            return
        slide = copy.deepcopy(self.doc.slides[row])
        if isinstance(slide, dict) and isinstance(slide.get("id"), str):
            slide["id"] = slide["id"][:59] + "-copy"  # ids name slides for hot reload
        self.push(InsertSlide(self.doc, row + 1, slide, f"Duplicate slide {row + 1}"))

    def delete_slide(self) -> None:
        row = self.current_row()
        if row is not None:
            self.push(RemoveSlide(self.doc, row))

    def move_slide(self, delta: int) -> None:
        row = self.current_row()
        if row is not None and 0 <= row + delta < len(self.doc.slides):
            self.push(MoveSlide(self.doc, row, row + delta))

    def toggle_enabled(self) -> None:
        row = self.current_row()
        if row is not None:
            slide = self.doc.slides[row]
            self.on_enable_requested(row, slide.get("enabled", True) is False)

    # --- files --------------------------------------------------------------------------

    def unapplied(self) -> list[str]:
        """Fields whose text is not in the playlist yet, in words."""
        forms = [*([self.slide_form] if self.slide_form else []), *self.section_forms]
        return [
            f"{describe_path(self.doc.data, path)}: {why}"
            for form in forms
            for path, why in form.unapplied()
        ]

    def is_unsaved(self) -> bool:
        return not self.stack.isClean() or bool(self.unapplied())

    def update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "untitled"
        self.setWindowTitle(f"{name}[*] — kiosk edit")
        self.setWindowModified(self.is_unsaved())

    def save(self) -> bool:
        return self.session.save()

    def save_as(self, path: Path | None = None) -> bool:
        return self.session.save_as(path)

    def confirm_discard(self) -> bool:
        return self.session.confirm_discard()

    def new_blank(self) -> None:
        self.session.new_blank()

    def new_from_bundled(self) -> None:
        self.session.new_from_bundled()

    def open_file(self, path: Path | None = None) -> None:
        self.session.open_file(path)

    def watch_file(self) -> None:
        self.disk_watch.watch(self.doc.path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_discard():
            play.remove_scratch(self.doc.virtual_path())
            event.accept()
        else:
            event.ignore()

    @staticmethod
    def keys(standard: QKeySequence.StandardKey) -> QKeySequence:
        return QKeySequence(standard)


def _scroll_area(parent: QWidget) -> QScrollArea:
    """A form's scroll area: vertical only; the form narrows with the pane instead."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
