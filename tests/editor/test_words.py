"""Issue 14, "Speaks JSON": words, units, the right widget for each field, panes, preview."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
)

from kiosk.editor import browse
from kiosk.editor.document import PlaylistDocument
from kiosk.editor.form import FieldForm
from kiosk.editor.tablefield import TableEditor
from kiosk.editor.templates import new_slide
from kiosk.editor.widgets import HoursEditor, PinEditor, TimezoneEditor, WeekHoursEditor
from kiosk.editor.window import EditorWindow


def labels(form: FieldForm) -> list[str]:
    return [w.text() for w in form.findChildren(QLabel) if w.isVisibleTo(form) and w.text()]


def test_labels_are_words_with_tooltips_and_rare_fields_sit_under_more(
    editor: EditorWindow,
) -> None:
    editor.select(0)
    form = editor.slide_form
    assert form is not None
    shown = labels(form)
    assert "Line above the title" in shown
    assert "kicker" not in shown
    assert "Name for hot reload" not in shown  # under More, closed
    assert form.more is not None
    assert not form.more.isChecked()
    form.more.setChecked(True)
    assert "Name for hot reload" in labels(form)
    assert "Speaker notes" in labels(form)
    kicker = next(w for w in form.findChildren(QLabel) if w.text() == "Line above the title")
    assert kicker.toolTip() == "Small line above the title"


def test_show_rules_appear_only_when_added(qtbot: Any, editor: EditorWindow) -> None:
    editor.select(0)
    form = editor.slide_form
    assert form is not None
    add = form.findChild(QPushButton, "add-show")
    assert add.isVisibleTo(form)
    assert not form.groups[("slides", 0, "show")].isVisibleTo(form)
    add.click()
    form = editor.slide_form
    assert form is not None
    assert editor.doc.slides[0]["show"] == {}
    assert form.groups[("slides", 0, "show")].isVisibleTo(form)
    hours = form.editor("show", "hours")
    assert isinstance(hours, HoursEditor)
    hours.check.click()
    hours.start.setTime(QTime(8, 30))
    hours.end.setTime(QTime(18, 0))
    assert editor.doc.slides[0]["show"] == {"hours": "08:30-18:00"}
    assert editor.problems == []
    form.findChild(QPushButton, "remove-show").click()
    assert "show" not in editor.doc.slides[0]


def test_milestones_are_a_table(editor: EditorWindow) -> None:
    editor.select(2)
    editor.add_slide("timeline")
    form = editor.slide_form
    assert form is not None
    table = form.editor("milestones")
    assert isinstance(table, TableEditor)
    headers = [table.table.horizontalHeaderItem(i).text() for i in range(4)]
    assert headers == ["Date", "Label", "Detail line", "Stress it"]
    table.table.setCurrentCell(1, 0)
    table.add()
    assert len(editor.doc.slides[3]["milestones"]) == 3
    cell = table.table.item(2, 1)
    assert cell is not None
    cell.setText("Halfway")
    star = table.table.item(2, 3)
    assert star is not None
    star.setCheckState(Qt.CheckState.Checked)
    assert editor.doc.slides[3]["milestones"][2] == {
        "date": "New",
        "label": "Halfway",
        "highlight": True,
    }
    table.table.setCurrentCell(2, 0)
    table.move_row(-1)
    assert [m["label"] for m in editor.doc.slides[3]["milestones"]] == [
        "First step",
        "Halfway",
        "Goal",
    ]


def test_schedule_has_day_rows_a_time_zone_list_and_a_masked_pin(editor: EditorWindow) -> None:
    schedule = editor.section_forms[4]
    hours = schedule.editor("hours")
    assert isinstance(hours, WeekHoursEditor)
    hours.limit.click()
    check, start, _end = hours.days["mon"]
    assert check.isChecked() is False
    check.click()
    start.setTime(QTime(7, 0))
    assert editor.doc.data["schedule"]["hours"]["mon"] == "07:00-20:00"
    assert editor.doc.data["schedule"]["hours"]["sun"] is None
    zone = schedule.editor("timezone")
    assert isinstance(zone, TimezoneEditor)
    index = zone.combo.findData("Asia/Shanghai")
    assert index > 0
    zone.combo.setCurrentIndex(index)
    zone.combo.activated.emit(index)
    assert editor.doc.data["schedule"]["timezone"] == "Asia/Shanghai"
    assert editor.problems == []
    pin = editor.section_forms[3].editor("pin")
    assert isinstance(pin, PinEditor)
    assert pin.edit.echoMode() == QLineEdit.EchoMode.Password
    QTest.keyClicks(pin.edit, "12a")  # the letter is refused by the field
    assert pin.edit.text() == "12"
    assert pin.unapplied() == "not applied yet: a PIN is 4 to 12 digits"
    assert editor.isWindowModified()
    QTest.keyClicks(pin.edit, "34")
    assert editor.doc.data["controls"]["pin"] == "1234"
    assert pin.unapplied() == ""


def test_a_chart_switches_back_to_values_typed_here(
    editor: EditorWindow, deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = deck_path.parent / "d.csv"
    csv.write_text("year,n\n2020,5\n2021,7\n")
    monkeypatch.setattr(browse, "ask_for_file", lambda *_a: csv)
    editor.add_slide("chart")
    form = editor.slide_form
    assert form is not None
    form.findChild(QRadioButton, "source-file").click()
    assert editor.doc.slides[1]["y"] == "n"
    form = editor.slide_form
    assert form is not None
    form.findChild(QRadioButton, "source-values").click()
    slide = editor.doc.slides[1]
    assert "data" not in slide
    assert slide["values"] == [{"label": "2020", "value": 5}, {"label": "2021", "value": 7}]
    editor.stack.undo()  # one step back: from the file again
    assert editor.doc.slides[1]["data"] == "d.csv"


def test_no_file_picked_offers_a_new_csv_from_the_typed_values(
    editor: EditorWindow, deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "ask_for_file", lambda *_a: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    editor.add_slide("chart")
    form = editor.slide_form
    assert form is not None
    form.findChild(QRadioButton, "source-file").click()
    assert editor.doc.slides[1]["data"] == "new-chart.csv"
    assert (deck_path.parent / "new-chart.csv").read_text() == "label,value\n2020,1\n2021,2\n"
    assert editor.problems == []


def test_a_picture_from_elsewhere_is_copied_into_the_deck_when_asked(
    editor: EditorWindow,
    deck_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    picture = elsewhere / "photo.svg"
    picture.write_bytes((deck_path.parent / "logo.svg").read_bytes())
    monkeypatch.setattr(browse, "ask_for_file", lambda *_a: picture)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    editor.select(0)
    logo = editor.slide_form.editor("logo")  # type: ignore[union-attr]
    logo.browse.click()  # type: ignore[attr-defined]
    assert editor.doc.slides[0]["logo"] == "photo.svg"
    assert (deck_path.parent / "photo.svg").is_file()


def test_a_new_image_slide_never_points_into_the_installed_package(
    deck_path: Path,
) -> None:
    doc = PlaylistDocument.open(deck_path)
    slide = new_slide("image", doc)
    assert "site-packages" not in slide["image"]
    assert not slide["image"].startswith("..")
    assert (deck_path.parent / slide["image"]).is_file()


@pytest.mark.parametrize("screen", [(1280, 720), (1366, 768)])
def test_the_window_fits_a_small_screen(
    qtbot: Any, deck_path: Path, monkeypatch: pytest.MonkeyPatch, screen: tuple[int, int]
) -> None:
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _s: QRect(0, 0, *screen))
    w = EditorWindow(PlaylistDocument.open(deck_path))
    qtbot.addWidget(w)
    assert w.width() <= screen[0]
    assert w.height() <= screen[1] - 40
    assert w.minimumSizeHint().width() <= screen[0]
    assert w.minimumSizeHint().height() <= screen[1] - 40


def test_panes_have_titles_and_problems_say_none_or_wrap(editor: EditorWindow) -> None:
    titles = {w.objectName(): w.text() for w in editor.findChildren(QLabel) if w.objectName()}
    assert titles["title-slides"] == "Slides"
    assert titles["title-preview"] == "Preview"
    assert titles["title-problems"] == "Problems"
    editor.select(2)
    assert editor.form_title.text() == "Slide 3 (metric)"
    assert editor.problem_list.item(0).text().startswith("✓ No problems")
    assert editor.problem_list.wordWrap()
    assert editor.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert editor.list.textElideMode() == Qt.TextElideMode.ElideRight
    editor.select(1)
    editor.slide_form.editor("points").edit.setPlainText("only one")  # type: ignore[union-attr]
    assert editor.problem_list.item(0).text() == (
        "⚠ slide 2 (bullets) › Points: must have at least 2 items (got 1)"
    )


def test_preview_turns_portrait_and_play_from_here_runs_this_slide(
    qtbot: Any, editor: EditorWindow, deck_path: Path, launched: list[tuple[str, list[str]]]
) -> None:
    editor.select(1)
    qtbot.waitUntil(lambda: editor.preview.picture.pixmap().width() > 0)
    landscape = editor.preview.picture.pixmap()
    assert landscape.width() > landscape.height()
    renders = editor.preview.renders
    editor.preview.orientation.setCurrentIndex(1)
    qtbot.waitUntil(lambda: editor.preview.renders > renders)
    portrait = editor.preview.picture.pixmap()
    assert portrait.height() > portrait.width()
    before = editor.preview.picture.width()
    editor.preview.larger.click()
    qtbot.waitUntil(lambda: editor.preview.picture.width() > before)
    editor.preview.play.click()
    assert launched == [
        (
            sys.executable,
            ["-m", "kiosk", "run", str(deck_path), "--windowed", "--start", "2"],
        )
    ]
    editor.add_slide("quote")  # unsaved: what plays is this version
    editor.preview.play.click()
    scratch = Path(launched[1][1][3])
    assert scratch.parent == deck_path.parent
    assert launched[1][1][-1] == "3"
    assert json.loads(scratch.read_text())["slides"][2]["type"] == "quote"
    editor.stack.setClean()
    editor.close()
    assert not scratch.exists()


def test_show_dates_come_from_a_calendar(editor: EditorWindow) -> None:
    from PySide6.QtCore import QDate

    from kiosk.editor.fields import DateEditor

    editor.select(0)
    editor.slide_form.findChild(QPushButton, "add-show").click()  # type: ignore[union-attr]
    until = editor.slide_form.editor("show", "until")  # type: ignore[union-attr]
    assert isinstance(until, DateEditor)
    until.check.click()
    until.date.setDate(QDate(2030, 6, 1))
    assert editor.doc.slides[0]["show"] == {"until": "2030-06-01"}
    assert editor.problems == []


def test_a_metric_from_a_data_file_picks_its_column_from_the_header(
    editor: EditorWindow, deck_path: Path
) -> None:
    from kiosk.editor.widgets import ColumnEditor

    (deck_path.parent / "m.csv").write_text("city,rate\nChongqing,23.06\n")
    editor.select(2)
    editor.slide_form.findChild(QPushButton, "add-data").click()  # type: ignore[union-attr]
    form = editor.slide_form
    assert form is not None
    path = form.editor("data", "file")
    path.edit.setText("m.csv")  # type: ignore[attr-defined]
    path.edit.textEdited.emit("m.csv")  # type: ignore[attr-defined]
    column = form.editor("data", "column")
    assert isinstance(column, ColumnEditor)
    assert column.combo is not None
    assert [column.combo.itemText(i) for i in range(1, column.combo.count())] == ["city", "rate"]


def test_the_file_dialog_opens_in_the_deck_with_pictures_only_and_thumbnails(
    qtbot: Any, deck_path: Path
) -> None:
    from PySide6.QtCore import QFileInfo

    dialog = browse.build_dialog(None, "image", deck_path.parent)
    qtbot.addWidget(dialog)
    assert Path(dialog.directory().absolutePath()) == deck_path.parent
    assert dialog.nameFilters()[0].startswith("Pictures (*.svg *.png")
    provider = dialog.iconProvider()
    assert isinstance(provider, browse.ThumbnailIcons)
    thumb = provider.icon(QFileInfo(str(deck_path.parent / "logo.svg")))
    assert not thumb.isNull()
    assert (
        browse.build_dialog(None, "data", deck_path.parent)
        .nameFilters()[0]
        .startswith("Data tables (*.csv *.json)")
    )


def test_undo_names_the_slide_from_one_with_its_type(editor: EditorWindow) -> None:
    editor.select(2)
    label = editor.slide_form.editor("label")  # type: ignore[union-attr]
    QTest.keyClicks(label.edit, "!")  # type: ignore[attr-defined]
    assert editor.stack.undoText() == "Edit slide 3 (metric) › Label"


def test_double_clicking_a_problem_goes_to_its_field(editor: EditorWindow) -> None:
    editor.select(1)
    points = editor.slide_form.editor("points")  # type: ignore[union-attr]
    points.edit.setPlainText("only one")  # type: ignore[attr-defined]
    editor.select(0)
    editor.problem_list.setCurrentRow(0)
    editor.on_problem_activated()
    assert editor.current_row() == 1
    form = editor.slide_form
    assert form is not None
    assert form.editor("points").edit.hasFocus()  # type: ignore[attr-defined]


def test_a_number_box_reads_back_what_it_writes_in_any_locale(qtbot: Any) -> None:
    from PySide6.QtCore import QLocale

    from kiosk.editor.fields import NumberBox

    for name in ("en_US", "de_DE", "fr_FR"):
        box = NumberBox()
        qtbot.addWidget(box)
        box.setLocale(QLocale(name))
        box.setDecimals(3)
        box.setRange(0, 100000)
        for value in (86400.0, 12.5, 10.0):
            box.setValue(value)
            assert box.valueFromText(box.text()) == value
        box.setValue(86400)
        assert box.text() == "86400"  # no thousands separator to trip over


def test_f5_plays_from_the_selected_slide(
    editor: EditorWindow, launched: list[tuple[str, list[str]]]
) -> None:
    editor.select(2)
    editor.activateWindow()
    QTest.keyClick(editor, Qt.Key.Key_F5)
    assert launched[-1][1][-2:] == ["--start", "3"]


def test_adding_a_chart_to_a_split_slide_replaces_its_picture_in_one_step(
    editor: EditorWindow,
) -> None:
    editor.add_slide("split")
    editor.doc.slides[1].pop("chart")  # a split slide with a picture
    editor.on_field_edited(("slides", 1, "image"), "logo.svg")
    editor.select(1)
    assert editor.problems == []
    editor.slide_form.findChild(QPushButton, "add-chart").click()  # type: ignore[union-attr]
    slide = editor.doc.slides[1]
    assert "image" not in slide
    assert slide["chart"]["values"]
    assert editor.problems == []
    editor.stack.undo()
    assert editor.doc.slides[1]["image"] == "logo.svg"
