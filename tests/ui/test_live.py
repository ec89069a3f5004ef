"""Live metrics and charts on screen: they follow a file another program rewrites, in place,
and say when what they show is stale or the source is gone."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.ui.slides import build_slide, make_context

WAIT = 10_000


@pytest.fixture
def clock(live_clock: FakeClock) -> FakeClock:
    return live_clock


def _build(qtbot: QtBot | None, folder: Path, slide: dict[str, Any]) -> Any:
    path = folder / "playlist.json"
    path.write_text(json.dumps({"deck": {"title": "Live"}, "slides": [slide]}), encoding="utf-8")
    loaded = load_playlist(path)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(960, 540)))
    if qtbot is not None:
        qtbot.addWidget(view)
    view.show()
    view.enter()
    view.finish()
    return view


def _metric(source: dict[str, Any]) -> dict[str, Any]:
    return {"type": "metric", "label": "Units per hour", "live": {"interval": 0.2, **source}}


def test_a_live_metric_follows_a_rewritten_file_in_place(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    (tmp_path / "line.csv").write_text("t,value\n1,120\n", encoding="utf-8")
    view = _build(qtbot, tmp_path, _metric({"file": "line.csv"}))
    assert view.number.text() == "120"  # read at build: no empty first frame
    number = view.number
    (tmp_path / "line.csv").write_text("t,value\n1,120\n2,135\n", encoding="utf-8")
    qtbot.waitUntil(lambda: view.number.text() == "135", timeout=WAIT)
    assert view.number is number  # the same label: updated in place, not rebuilt
    assert view.live.updates >= 2
    assert not view.live.mark.isVisible()


def test_junk_is_ignored_and_a_vanished_file_is_marked_offline(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "line.csv"
    path.write_text("t,value\n1,7\n", encoding="utf-8")
    view = _build(qtbot, tmp_path, _metric({"file": "line.csv"}))
    path.write_text("t,nothing useful\n1,x\n", encoding="utf-8")
    qtbot.waitUntil(lambda: view.live.feed.junk >= 1, timeout=WAIT)
    assert view.number.text() == "7"
    path.unlink()
    qtbot.waitUntil(lambda: view.live.mark.isVisible(), timeout=WAIT)
    assert view.live.mark.text().startswith("offline · data of ")
    assert view.number.text() == "7"  # the last value stays


def test_a_value_older_than_stale_after_is_marked_with_its_time(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    (tmp_path / "line.csv").write_text("t,value\n1,42\n", encoding="utf-8")
    view = _build(qtbot, tmp_path, _metric({"file": "line.csv", "stale_after": 30}))
    assert not view.live.mark.isVisible()
    assert view.live._stale_timer.isActive()  # wakes when the value turns stale; no polling
    clock.advance(31)
    view.live.on_stale()
    assert view.live.mark.isVisible()
    assert view.live.mark.text().startswith("stale · data of ")
    assert view.number.text() == "42"


def test_a_live_chart_moves_its_bars_and_grows_with_appended_rows(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("line,units\nA,10\nB,20\nC,30\n", encoding="utf-8")
    slide = {
        "type": "chart",
        "heading": "Output by line",
        "kind": "bar",
        "x": "line",
        "y": "units",
        "live": {"file": "lines.csv", "interval": 0.2},
    }
    view = _build(qtbot, tmp_path, slide)
    chart = view.chart
    assert chart.data.series[0][1] == [10, 20, 30]
    plot = chart.plot
    path.write_text("line,units\nA,12\nB,18\nC,31\n", encoding="utf-8")
    qtbot.waitUntil(lambda: chart.data.series[0][1] == [12, 18, 31], timeout=WAIT)
    assert chart.plot is plot  # tweened in place
    path.write_text("line,units\nA,12\nB,18\nC,31\nD,5\n", encoding="utf-8")
    qtbot.waitUntil(lambda: chart.data.labels == ["A", "B", "C", "D"], timeout=WAIT)
    assert view.chart is chart  # the same chart widget, laid out again
    assert chart.plot is not None
    assert chart.plot.isVisible()


def test_an_mqtt_topic_without_paho_says_what_to_install(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setitem(sys.modules, "paho.mqtt.client", None)  # as if not installed
    view = _build(qtbot, tmp_path, _metric({"topic": "line/1", "broker": "localhost"}))
    assert view.number.text() == "—"
    assert view.live.mark.text() == "offline · no MQTT client installed"  # the viewer's words
    assert "pip install 'kiosk[fleet]'" in caplog.text  # the operator's, in the log


def test_a_reader_no_slide_uses_any_more_stops_its_data_kept(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    from kiosk.ui.live import hub

    (tmp_path / "line.csv").write_text("t,value\n1,5\n", encoding="utf-8")
    view = _build(None, tmp_path, _metric({"file": "line.csv"}))  # deleted here, not by qtbot
    key = view.live.key
    live_hub = hub()
    assert live_hub.users[key] == 1
    with qtbot.waitSignal(view.live.destroyed, timeout=WAIT):
        view.close()
        view.deleteLater()
    assert live_hub.users[key] == 0
    live_hub.on_idle()  # what the idle timer does after IDLE_MS
    assert key not in live_hub.readers
    again = _build(qtbot, tmp_path, _metric({"file": "line.csv"}))
    assert again.number.text() == "5"
    assert key in live_hub.readers  # reading again


def test_a_sliding_window_updates_the_line_chart_in_place(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "trend.csv"
    path.write_text("t,v\n1,10\n2,11\n3,12\n", encoding="utf-8")
    slide = {
        "type": "chart",
        "heading": "Trend",
        "kind": "line",
        "x": "t",
        "y": "v",
        "live": {"file": "trend.csv", "interval": 0.2, "window": 3},
    }
    view = _build(qtbot, tmp_path, slide)
    chart = view.chart
    plot = chart.plot
    with path.open("a", encoding="utf-8") as f:
        f.write("4,11.5\n")
    qtbot.waitUntil(lambda: chart.data.series[0][1] == [11, 12, 11.5], timeout=WAIT)
    assert chart.data.labels == ["2", "3", "4"]
    assert chart.plot is plot  # the window slid: same plot, new category names
    assert chart.chart.tick_texts("category") == ["2", "3", "4"]
