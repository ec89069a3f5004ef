"""The installed Qt stack must not leak references to None (PySide6 6.12.0 on Python < 3.12)."""

from __future__ import annotations

import sys

import pytest

from kiosk import qtguard


def test_100000_void_calls_leave_none_refcount_unchanged(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    calls = [lambda: label.setText("x"), lambda: label.resize(10, 10), label.update]
    for call in calls:
        call()
    before = sys.getrefcount(None)
    for i in range(100_000):
        calls[i % 3]()
    # a leaking build loses one per call (-100,000); allow the few the interpreter itself moves
    assert abs(sys.getrefcount(None) - before) < 100


def test_guard_accepts_this_stack() -> None:
    assert qtguard.unsafe_qt_reason() is None


def test_guard_refuses_a_leaking_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "version_info", (3, 11, 7, "final", 0))
    monkeypatch.setattr(qtguard, "none_refs_lost", lambda calls=500: calls)
    reason = qtguard.unsafe_qt_reason()
    assert reason is not None
    assert "loses a reference to None" in reason
    assert "PySide6-Essentials>=6.8,<6.12" in reason


def test_cli_refuses_to_run_on_a_leaking_stack(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    monkeypatch.setattr(qtguard, "unsafe_qt_reason", lambda: "PySide6 X loses a reference to None")
    assert main(["render", "--out", "/nonexistent-dir"]) == 3
    err = capsys.readouterr().err
    assert err == "kiosk: PySide6 X loses a reference to None\n"
