"""`kiosk run` imports its Qt-free modules before PySide6.

Once PySide6 is loaded, its `__feature__` import hook reads the source of every module
imported after it; for pydantic and kiosk's core that was 20-35 ms of every start (measured
as whole-process CPU, A/B: 0.89x). A new import in the wrong place brings it back, so this
counts what a real start imports after PySide6, up to the first painted slide.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.resources import bundled_playlist

_SCRIPT = r"""
import json, os, sys
seen = []
class Recorder:
    def find_spec(self, name, path=None, target=None):
        seen.append((name, "PySide6" in sys.modules))
        return None
sys.meta_path.insert(0, Recorder())
real_exit = os._exit
def report(code):
    late = [n for n, qt in seen if qt and not n.startswith(("PySide6", "shiboken"))]
    sys.stderr.write("LATE " + json.dumps(late) + "\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = report
from kiosk.bench.startup import main
main(["kiosk", *sys.argv[1:]])
"""


def _start_reporting(script: str, tag: str, tmp_path: Path) -> Any:
    """A real start of the bundled deck up to its first painted slide, under `script`; the
    JSON it wrote to stderr after `tag`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = [str(bundled_playlist()), "--log-file", str(tmp_path / "kiosk.log")]
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert "BENCH-RESULT" in done.stdout, done.stderr[-2000:]
    return json.loads(done.stderr.split(f"{tag} ", 1)[1].splitlines()[0])


def test_a_start_imports_no_qt_free_module_after_pyside6(tmp_path: Path) -> None:
    late = _start_reporting(_SCRIPT, "LATE", tmp_path)
    qt_free = [
        n
        for n in late
        if n.startswith(("pydantic", "kiosk.core", "email", "platformdirs", "zoneinfo"))
    ]
    assert qt_free == [], f"imported after PySide6 (see cli._import_before_qt): {qt_free}"
    # what is left is kiosk.ui and the few stdlib modules Qt code needs
    assert len(late) < 80, late


_SOURCES = r"""
import json, linecache, sys
sys.path.insert(0, sys.argv[1])
import kiosk.ui.stage  # the UI package: PySide6 loaded, its import hook active
import uses_qt, plain  # two modules imported after it
feature = sys.modules["PySide6.support.feature"]
print(json.dumps({
    "cached": sorted(linecache.cache),
    "uses_qt": feature.pyside_feature_dict.get("uses_qt"),
    "plain": feature.pyside_feature_dict.get("plain"),
}))
"""


def test_modules_imported_after_pyside6_leave_no_source_in_memory(tmp_path: Path) -> None:
    """PySide6's hook asks of each module whether its source names PySide6; it used to keep
    every source it read in `linecache` (9.3 MiB after one loop of the bundled deck). The
    answer stays PySide6's: 0 for a module that uses it, -1 for one that does not."""
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain.py").write_text("VALUE = 1\n")
    done = subprocess.run(
        [sys.executable, "-c", _SOURCES, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["cached"] == []
    assert (found["uses_qt"], found["plain"]) == (0, -1)


_NO_OPENSSL = r"""
import json, os, sys
real_exit = os._exit
def report(code):
    import hashlib
    maps = open("/proc/self/maps").read()
    sys.stderr.write("HASH " + json.dumps({
        "libcrypto": "libcrypto" in maps,
        "sha256": hashlib.sha256(b"kiosk").hexdigest(),
    }) + "\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = report
from kiosk.bench.startup import main
main(["kiosk", *sys.argv[1:]])
"""


def test_a_display_hashes_without_openssl(tmp_path: Path) -> None:
    """pydantic's `import secrets` loaded OpenSSL's libcrypto (3.3 MiB mapped, 3-5 ms) for
    hashes Python has itself (kiosk.hashing); the digests are the same."""
    import hashlib

    seen = _start_reporting(_NO_OPENSSL, "HASH", tmp_path)
    assert seen == {"libcrypto": False, "sha256": hashlib.sha256(b"kiosk").hexdigest()}


def test_builtin_hashes_are_not_forced_once_hashlib_is_loaded() -> None:
    probe = (
        "import hashlib, sys\n"
        "from kiosk.hashing import use_builtin_hashes\n"
        "print(use_builtin_hashes(), sys.modules['_hashlib'] is not None)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["False", "True"]
