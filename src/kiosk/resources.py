"""The one place that knows where bundled files live.

In a wheel, `assets/` and `data/` are packed under `kiosk/_bundled/`; in a source checkout
(editable install, or `PYTHONPATH=src`) they are the top-level folders of the repository.
Nothing else in kiosk looks at `__file__` or the current directory to find them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["assets_dir", "bundled_playlist", "data_dir", "schema_path"]


@cache
def _root() -> Path:
    bundled = Path(str(resources.files("kiosk"))) / "_bundled"
    if (bundled / "data").is_dir():
        return bundled
    checkout = Path(str(resources.files("kiosk"))).parent.parent
    if (checkout / "data").is_dir():
        return checkout
    raise FileNotFoundError(
        "kiosk's bundled data is missing: reinstall kiosk (pip install --force-reinstall kiosk)"
    )


def assets_dir() -> Path:
    """The bundled `assets/` folder (artwork, fonts)."""
    return _root() / "assets"


def data_dir() -> Path:
    """The bundled `data/` folder (the white-paper deck and its data files)."""
    return _root() / "data"


def bundled_playlist() -> Path:
    """The playlist that `kiosk` runs when given none."""
    return data_dir() / "playlist.json"


def schema_path() -> Path:
    """The committed JSON Schema copy beside the bundled playlist."""
    return data_dir() / "playlist.schema.json"
