"""The editor window: slide list | forms (Slide, Deck, Theme, …) | live preview and problems.

The window is the composition root of the editor: it owns the document, the undo stack and
the widgets, and wires them. Widgets only *request* changes (form `edited`, list
`move_requested` / `enable_requested`); every change becomes an undo command; the document
tells the window what changed, and the window re-validates and refreshes what shows it.

Jobs beside it, each in its own module: the panes and their sizes (`layout.Panes`), menus
and shortcuts (`menus`), files and the disk (`session.FileSession`), problems placed and
worded (`problems`), data files (`datafiles.DataFiles`), a chart's value source
(`sources.SourceSwitcher`), the drop line (`slideview`), the file watch (`diskwatch`), Play
from here (`play`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QMainWindow,
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
    duplicate,
    set_enabled,
)
from kiosk.editor.datadialog import DataTableDialog
from kiosk.editor.datafiles import DataFiles
from kiosk.editor.diskwatch import DiskWatch
from kiosk.editor.document import (
    Change,
    PlaylistDocument,
    parse_path,
)
from kiosk.editor.form import FieldForm
from kiosk.editor.layout import Panes
from kiosk.editor.menus import build_menus
from kiosk.editor.preview import Thumbnails
from kiosk.editor.problems import located, per_slide, problem_text, slide_of, tab_of
from kiosk.editor.schema import slide_class
from kiosk.editor.session import FileSession
from kiosk.editor.slidelist import SlideListModel
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
        self.data_files = DataFiles(self)
        self.sources = SourceSwitcher(self)

        self.slide_form: FieldForm | None = None
        p = self.panes = Panes(self, self.model, SECTIONS, self._make_form)
        self.list, self.tabs, self.slide_area = p.list, p.tabs, p.slide_area
        self.section_forms, self.form_title = p.section_forms, p.form_title
        self.preview, self.problem_list, self.banner = p.preview, p.problem_list, p.banner
        self.right, self.splitter = p.right, p.splitter
        self.tabs.currentChanged.connect(lambda _i: self.update_form_title())
        self.preview.set_source(lambda: (self.loaded, self.current_row()))
        self.preview.larger_toggled.connect(self.on_larger_toggled)
        self.preview.play_requested.connect(self.play_from_here)
        self.problem_list.itemActivated.connect(self.on_problem_activated)
        self.setCentralWidget(self.panes)
        self.fit_screen()

        self.session = FileSession(self)
        self.disk_watch = DiskWatch(self)
        self.disk_watch.touched.connect(self.session.check_disk)
        self.disk_watch.touched.connect(self.data_files.on_maybe_changed)
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
        self.panes.fit(width, height)

    def on_larger_toggled(self, larger: bool) -> None:
        self.panes.set_larger_preview(larger)
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
        if (slide := slide_of(path)) is not None:
            self.model.on_thumbnail(slide)  # its title, check box and picture
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
        places = located(self.problems)
        self.model.set_problems(per_slide(places))
        self.thumbs.update_deck(self.doc.data, self.loaded)
        for form in (*self.section_forms, *([self.slide_form] if self.slide_form else [])):
            form.show_problems(places)
        self.problem_list.show_problems([self.problem_text(p) for p in self.problems])
        self.preview.follow_deck(self.doc.data)
        self.preview.schedule()
        self.data_files.remember()
        if self.loaded is not None:
            self.disk_watch.also_watch(list(self.loaded.tables))

    def redraw_data(self) -> None:
        """A data file changed (saved here or elsewhere): redraw every picture of the deck."""
        self.thumbs.clear()
        self.model.reset()
        self.revalidate()
        self.select(self.current_row())

    @property
    def data_dialog(self) -> DataTableDialog | None:
        return self.data_files.dialog

    def problem_text(self, p: Problem) -> str:
        return problem_text(self.doc.data, p)

    def on_problem_activated(self) -> None:
        row = self.problem_list.currentRow()
        if not 0 <= row < len(self.problems):
            return
        path = parse_path(self.problems[row].path)
        if (slide := slide_of(path)) is not None:
            self.select(slide)
        tab = tab_of(path, [key for _, key, _ in SECTIONS])
        form = self.slide_form if tab == 0 else None if tab is None else self.section_forms[tab - 1]
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
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
            self.slide_form.show_problems(located(self.problems))
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
        form.data_edit_requested.connect(self.data_files.edit)
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

    def play_from_here(self) -> bool:
        """Start the current deck in a window at the selected slide."""
        row = self.current_row()
        ok, message = play.play_from(self.doc, self.loaded, row, self.launcher)
        self.statusBar().showMessage(message, 8000)
        return ok

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
        self.push(duplicate(self.doc, row))

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
