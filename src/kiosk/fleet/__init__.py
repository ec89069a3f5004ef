"""The fleet: many displays driven from one place over MQTT (see README, "Fleet").

Qt-free: `kiosk.ui.fleetlink` is the one module that joins a display's fleet client to the
player. Nothing here is imported unless a fleet command or `kiosk run --fleet` is used.
"""

__all__: list[str] = []
