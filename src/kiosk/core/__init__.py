"""The Qt-free core: playlist model, loading and errors, data files, rotation and schedule.

Nothing under `kiosk.core` imports PySide6 or pyqtgraph (a test enforces it).
"""

__all__: list[str] = []
