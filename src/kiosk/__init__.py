"""kiosk: a fullscreen, unattended slide kiosk driven by a JSON playlist."""

__version__ = "0.1.0"

__all__ = ["__version__"]
