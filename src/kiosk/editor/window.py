"""The editor window: slide list | forms (Slide, Deck, Theme, …) | live preview and problems.

The window is the composition root of the editor: it owns the document, the undo stack and
the widgets, and wires them. Widgets only *request* changes (form `edited`, list
`move_requested` / `enable_requested`); every change becomes an undo command; the document
tells the window what changed, and the window re-validates and refreshes what shows it.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QListView,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.loader import LoadedPlaylist, Problem
from kiosk.core.model import Controls, Deck, Defaults, Schedule, Theme
from kiosk.editor.commands import EditValue, InsertSlide, MoveSlide, RemoveSlide, set_enabled
from kiosk.editor.document import (
    Change,
    OpenError,
    PlaylistDocument,
    SaveError,
    SaveRefused,
    parse_path,
)
from kiosk.editor.form import FieldForm
from kiosk.editor.menus import build_menus, slide_buttons
from kiosk.editor.preview import THUMB, Preview, Thumbnails
from kiosk.editor.schema import slide_class
from kiosk.editor.slidelist import SlideListModel
from kiosk.editor.templates import blank_playlist, new_slide

__all__ = ["EditorWindow"]

log = logging.getLogger("kiosk.editor")
SECTIONS = (
    ("Deck", "deck", Deck),
    ("Theme", "theme", Theme),
    ("Defaults", "defaults", Defaults),
    ("Controls", "controls", Controls),
    ("Schedule", "schedule", Schedule),
)
JSON_FILTER = "Playlists (*.json);;All files (*)"


class EditorWindow(QMainWindow):
    def __init__(self, doc: PlaylistDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.loaded: LoadedPlaylist | None = None  # the current document, when valid
        self.problems: list[Problem] = []
        self.stack = QUndoStack(self)
        self.thumbs = Thumbnails(self)
        self.model = SlideListModel(doc, self.thumbs)

        self.list = QListView(self)
        self.list.setObjectName("slides")
        self.list.setModel(self.model)
        self.list.setIconSize(THUMB)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSpacing(2)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(slide_buttons(self, left))

        self.tabs = QTabWidget(self)
        self.slide_area = QScrollArea(self)
        self.slide_area.setWidgetResizable(True)
        self.tabs.addTab(self.slide_area, "Slide")
        self.slide_form: FieldForm | None = None
        self.section_forms: list[FieldForm] = []
        for title, key, model in SECTIONS:
            form = self._make_form(model, (key,))
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setWidget(form)
            self.tabs.addTab(area, title)
            self.section_forms.append(form)

        self.preview = Preview(self)
        self.preview.set_source(lambda: (self.loaded, self.current_row()))
        self.problem_list = QListWidget(self)
        self.problem_list.setObjectName("problems")
        self.problem_list.itemActivated.connect(self.on_problem_activated)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.preview)
        right.addWidget(self.problem_list)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
        splitter.setSizes([340, 540, 520])
        self.setCentralWidget(splitter)
        self.resize(1400, 860)

        build_menus(self)
        self.model.move_requested.connect(
            self.on_move_requested, Qt.ConnectionType.QueuedConnection
        )
        self.model.enable_requested.connect(self.on_enable_requested)
        self.list.selectionModel().currentChanged.connect(self.on_current_changed)
        self.stack.cleanChanged.connect(self.update_title)
        self.set_document(doc)

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
        self.revalidate()
        self.select(0 if doc.slides else None)
        self.update_title()

    def on_document_changed(self, change: Change) -> None:
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
        self.problem_list.clear()
        for p in self.problems:
            where = f"line {p.line}: " if p.line else ""
            self.problem_list.addItem(f"{where}{p.path + ': ' if p.path else ''}{p.message}")
        self.preview.schedule()

    def on_problem_activated(self) -> None:
        row = self.problem_list.currentRow()
        if not 0 <= row < len(self.problems):
            return
        path = parse_path(self.problems[row].path)
        if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
            self.select(path[1])
            self.tabs.setCurrentIndex(0)
        elif path:
            names = [key for _, key, _ in SECTIONS]
            if path[0] in names:
                self.tabs.setCurrentIndex(1 + names.index(str(path[0])))

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
            self.slide_area.setWidget(self.slide_form)
            self.slide_form.refresh(self.doc)
            self.slide_form.show_problems([(parse_path(p.path), p.message) for p in self.problems])
        self.preview.schedule()

    def _make_form(self, model: type | None, base: tuple[str | int, ...]) -> FieldForm:
        form = FieldForm(model, base, lambda p: self.doc.relative(p), lambda: self.doc.base_dir)
        form.edited.connect(self.on_field_edited)
        form.refresh(self.doc)
        return form

    # --- edits (every one an undo step) -------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        self.stack.push(command)

    def on_field_edited(self, path: tuple[str | int, ...], value: object) -> None:
        self.push(EditValue(self.doc, path, value))

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

    def update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "untitled"
        self.setWindowTitle(f"{name}[*] — kiosk edit")
        self.setWindowModified(not self.stack.isClean())

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._write(lambda: self.doc.save())

    def save_as(self, path: Path | None = None) -> bool:
        if path is None:
            start = str(self.doc.path or self.doc.base_dir / "playlist.json")
            name, _ = QFileDialog.getSaveFileName(self, "Save playlist as", start, JSON_FILTER)
            if not name:
                return False
            path = Path(name)

        def write() -> Path:
            saved, rebased = self.doc.save_as(path)
            if rebased:
                self.stack.clear()  # file paths were rewritten; older steps no longer apply
            return saved

        return self._write(write)

    def _write(self, write: object) -> bool:
        try:
            saved = write()  # type: ignore[operator]
        except SaveRefused as e:
            lines = "\n".join(
                f"{p.path}: {p.message}" if p.path else p.message for p in e.problems[:20]
            )
            QMessageBox.warning(
                self,
                "Not saved",
                f"The playlist has {len(e.problems)} problem(s) and was not saved:\n\n{lines}",
            )
            return False
        except SaveError as e:
            QMessageBox.critical(self, "Not saved", f"{e}\n\nThe file on disk is unchanged.")
            return False
        self.stack.setClean()
        self.update_title()
        self.statusBar().showMessage(f"Saved {saved} (previous version: {saved.name}.bak)", 8000)
        return True

    def confirm_discard(self) -> bool:
        """True when there are no unsaved changes, or the user saved or discarded them."""
        if self.stack.isClean():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "Save the changes to this playlist first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_blank(self) -> None:
        if self.confirm_discard():
            self.set_document(PlaylistDocument(blank_playlist(), base_dir=self.doc.base_dir))

    def new_from_bundled(self) -> None:
        from kiosk.resources import bundled_playlist

        if self.confirm_discard():
            self.set_document(PlaylistDocument.from_template(bundled_playlist()))

    def open_file(self, path: Path | None = None) -> None:
        if not self.confirm_discard():
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, "Open playlist", str(self.doc.base_dir), JSON_FILTER
            )
            if not name:
                return
            path = Path(name)
        try:
            self.set_document(PlaylistDocument.open(path))
        except OpenError as e:
            QMessageBox.warning(self, "Cannot open", str(e))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_discard():
            event.accept()
        else:
            event.ignore()

    @staticmethod
    def keys(standard: QKeySequence.StandardKey) -> QKeySequence:
        return QKeySequence(standard)
