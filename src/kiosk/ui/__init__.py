"""Qt: the stage window, slide renderers, charts, transitions, overlays, input."""

from kiosk.ui.sourcescan import spare_module_sources

spare_module_sources()  # before the UI modules load: PySide6 would keep each one's source

__all__: list[str] = []
