"""kiosk.core must not import Qt: it runs in validate, tests and tools without a display."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "kiosk" / "core"


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(f"kiosk.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    assert "kiosk.core.model" in modules
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "qt = ('PySide6', 'pyqtgraph', 'shiboken6')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_validate_and_schema_do_not_load_qt() -> None:
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['schema'])\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
