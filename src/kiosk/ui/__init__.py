"""Qt: the stage window, slide renderers, charts, transitions, overlays, input."""

__all__: list[str] = []
