"""The playlist editor window (`kiosk edit`)."""

__all__: list[str] = []
