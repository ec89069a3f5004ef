"""The suite runs on its own fonts (see conftest.py), whatever the machine has installed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontDatabase

from kiosk.ui import theme

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("KIOSK_TEST_MACHINE_FONTS")), reason="running on the machine's fonts"
)


def test_fontconfig_knows_only_the_suites_fallback_font(qapp: Any) -> None:
    loaded_by_kiosk = {f for families in theme._loaded_fonts.values() for f in families}
    qt_generic = {"Sans Serif", "Serif", "Monospace"}  # Qt's names for the generic families
    assert set(QFontDatabase.families()) - loaded_by_kiosk - qt_generic == {"DejaVu Sans"}


def test_child_processes_get_the_same_fonts() -> None:
    conf = Path(os.environ["FONTCONFIG_FILE"])
    assert conf.is_file()
    text = conf.read_text(encoding="utf-8")
    assert "<include" not in text  # no system configuration, no ~/.fonts
    assert text.count("<dir>") == 1
