"""Menus, shortcuts and the buttons under the slide list (wiring only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from kiosk.editor.schema import SLIDE_TYPES
from kiosk.editor.templates import SLIDE_LABELS

if TYPE_CHECKING:
    from kiosk.editor.window import EditorWindow

__all__ = ["add_slide_menu", "build_menus", "slide_buttons"]

Key = QKeySequence.StandardKey


def _action(
    window: EditorWindow,
    text: str,
    slot: object,
    shortcut: QKeySequence.StandardKey | str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
    return action


def add_slide_menu(window: EditorWindow, parent: QWidget) -> QMenu:
    menu = QMenu("Add slide", parent)
    for kind in SLIDE_TYPES:
        action = menu.addAction(SLIDE_LABELS[kind])
        action.setObjectName(f"add-{kind}")
        action.triggered.connect(lambda _=False, k=kind: window.add_slide(k))
    return menu


def build_menus(window: EditorWindow) -> None:
    bar = window.menuBar()
    file = bar.addMenu("&File")
    file.addAction(_action(window, "&New (blank)", window.new_blank, Key.New))
    file.addAction(_action(window, "New from &bundled deck", window.new_from_bundled))
    file.addAction(_action(window, "&Open…", window.open_file, Key.Open))
    file.addSeparator()
    file.addAction(_action(window, "&Save", window.save, Key.Save))
    file.addAction(_action(window, "Save &As…", window.save_as, Key.SaveAs))
    file.addSeparator()
    file.addAction(_action(window, "&Quit", window.close, Key.Quit))

    edit = bar.addMenu("&Edit")
    undo = window.stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(Key.Undo))
    redo = window.stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(Key.Redo))
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    edit.addMenu(add_slide_menu(window, edit))
    edit.addAction(_action(window, "&Duplicate slide", window.duplicate_slide, "Ctrl+D"))
    edit.addAction(_action(window, "Delete slide", window.delete_slide, "Ctrl+Delete"))
    edit.addAction(_action(window, "Enable / disable slide", window.toggle_enabled, "Ctrl+E"))
    edit.addAction(_action(window, "Move slide up", lambda: window.move_slide(-1), "Alt+Up"))
    edit.addAction(_action(window, "Move slide down", lambda: window.move_slide(1), "Alt+Down"))

    view = bar.addMenu("&View")
    play = _action(window, "▶ Play from here", window.play_from_here, "F5")
    play.setObjectName("play-from-here")
    view.addAction(play)
    larger = _action(window, "Larger preview", window.preview.larger.toggle, "Ctrl+L")
    view.addAction(larger)
    portrait = _action(
        window, "Portrait / landscape preview", window.preview.toggle_orientation, "Ctrl+R"
    )
    view.addAction(portrait)


def slide_buttons(window: EditorWindow, parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    add = QToolButton(parent)
    add.setText("Add ▾")
    add.setToolTip("Add a slide after the selected one")
    add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    add.setMenu(add_slide_menu(window, add))
    row.addWidget(add)
    add.setObjectName("add")
    for name, text, tip, slot in (
        ("duplicate", "Duplicate", "Copy the selected slide (Ctrl+D)", window.duplicate_slide),
        ("delete", "Delete", "Delete the selected slide (Ctrl+Delete)", window.delete_slide),
        ("up", "▲", "Move up (Alt+Up)", lambda: window.move_slide(-1)),
        ("down", "▼", "Move down (Alt+Down)", lambda: window.move_slide(1)),
    ):
        button = QToolButton(parent)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False, s=slot: s())
        row.addWidget(button)
    row.addStretch(1)
    return row
