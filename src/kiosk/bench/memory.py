"""The memory figures of the benchmark: a whole loop of the bundled deck, then many switches,
against a bare Qt window doing the same number of switches, settled at each checkpoint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.bench.report import Figure

if TYPE_CHECKING:
    from kiosk.bench.suite import Suite

__all__ = ["memory_figures"]


def memory_figures(self: Suite) -> None:
    """PSS and private memory after one loop and over many switches, kiosk vs a bare window."""
    p = self.plan
    from kiosk.resources import bundled_playlist

    args = {"switches": p.switches, "checkpoints": 10}
    bare = self.worker("bare-memory", args)
    r = self.worker("kiosk-memory", {**args, "playlist": str(bundled_playlist())}, timeout=600)
    err = r.get("error") or bare.get("error") or ""
    self.report.environment.update(_environment(r))
    loop, bare_loop = r.get("loop", {}), bare.get("loop", {})
    marks = [(n, m) for n, m in r.get("checkpoints", []) if m.get("pss_anon") is not None]
    bare_marks = bare.get("checkpoints", [])
    anon = [m["pss_anon"] for _, m in marks]
    pss = Figure(
        "memory.pss",
        "PSS, whole deck after one loop",
        "MiB",
        "≤ 120 MiB",
        value=loop.get("pss"),
        reference=bare_loop.get("pss"),
        runs=1,
        note=err
        or "the deck's own transitions, each press after the fade before it (the still of "
        "the slide built ahead is kept); the display and its clip decoders "
        f"({int(loop.get('processes', 1))} process(es) then); PSS counts a share of the "
        "libraries and fonts mapped, which moves when other processes map the same files; the "
        "private part below does not"
        + _breakdown(loop)
        + "; Qt Multimedia "
        + ("loaded (the deck has a clip)" if r.get("multimedia") else "not loaded"),
        detail={"loop": loop, "bare": bare_loop},
    ).set_ratio()
    self.report.add(pss.check(lambda f: (f.value or 0.0) <= 120.0))
    playing = r.get("playing", {})
    self.report.add(
        Figure(
            "memory.playing",
            "PSS while the deck's clip plays (display and decoder)",
            "MiB",
            "info",
            value=playing.get("pss"),
            runs=1,
            note=err
            or (
                f"{int(playing.get('processes', 1))} process(es): the clip is decoded in its "
                f"own process (private {playing.get('pss_anon', 0):.1f} MiB in all), which "
                "ends with the clip"
                if playing
                else "the deck has no clip"
            ),
        )
    )
    private = Figure(
        "memory.anon",
        "private memory, whole deck after one loop",
        "MiB",
        "info",
        value=loop.get("pss_anon"),
        reference=bare_loop.get("pss_anon"),
        runs=1,
        note=err,
    ).set_ratio()
    self.report.add(private)
    growth = None
    if len(marks) >= 2 and marks[-1][0] > marks[0][0]:
        # the steady part: from the first checkpoint (caches warm) to the last, per 2,000
        growth = (anon[-1] - anon[0]) * 2000 / (marks[-1][0] - marks[0][0])
    bare_growth = None
    if len(bare_marks) >= 2 and bare_marks[-1][0] > bare_marks[0][0]:
        b0, b1 = bare_marks[0][1].get("pss_anon"), bare_marks[-1][1].get("pss_anon")
        if b0 is not None and b1 is not None:
            bare_growth = (b1 - b0) * 2000 / (bare_marks[-1][0] - bare_marks[0][0])
    warmup = anon[0] - loop["pss_anon"] if anon and loop.get("pss_anon") else None
    g = Figure(
        "memory.growth",
        "private memory growth per 2,000 switches",
        "MiB",
        "≤ 2 MiB",
        value=growth,
        reference=bare_growth,
        runs=len(marks),
        spread=(min(anon), max(anon)) if anon else None,
        note=err
        or (
            f"{r.get('switches', 0):,} switches in {r.get('seconds', 0):.0f} s, a settled"
            f" checkpoint every {marks[0][0] if marks else '?'}; one-time warm-up before"
            f" the first: {warmup if warmup is not None else 0:+.1f} MiB; spread: lowest"
            f" to highest checkpoint; {r.get('live_views')} slide widgets alive after"
        ),
        detail={"checkpoints": r.get("checkpoints", []), "bare": bare_marks},
    )
    self.report.add(g.check(lambda f: (f.value or 0.0) <= 2.0))
    end = marks[-1][1] if marks else {}
    bare_end = bare_marks[-1][1] if bare_marks else {}
    after = Figure(
        "memory.after",
        f"private memory after {r.get('switches', p.switches):,} switches",
        "MiB",
        "≤ after one loop + 2 MiB",
        value=end.get("pss_anon"),
        reference=bare_end.get("pss_anon"),
        runs=1,
        note=err
        or (
            f"{(end.get('pss_anon') or 0) - (loop.get('pss_anon') or 0):+.1f} MiB since the"
            f" first loop; PSS {end.get('pss') or 0:.1f} MiB"
        ),
    ).set_ratio()
    base = loop.get("pss_anon")
    self.report.add(after.check(lambda f: base is not None and (f.value or 0.0) <= base + 2.0))


def _breakdown(loop: dict[str, float]) -> str:
    """'(here: private 108.2 + files 30.8 MiB)': where the PSS after one loop is."""
    anon, files = loop.get("pss_anon"), loop.get("pss_file")
    if anon is None or files is None:
        return ""
    return f" (here: private {anon:.1f} + libraries and fonts {files:.1f} MiB)"


def _environment(r: dict[str, Any]) -> dict[str, Any]:
    """What the memory (and text) figures depend on, as the kiosk worker found it."""
    fonts = r.get("fonts", [])
    return {
        "Qt": r.get("qt", "?"),
        "PySide6": r.get("pyside", "?"),
        "font families Qt sees": r.get("font_families", "?"),
        "FONTCONFIG_FILE": os.environ.get("FONTCONFIG_FILE", "unset (the system's)"),
        "fonts kiosk loaded": ", ".join(
            f"{Path(f['file']).name} ({f['mib']:.1f} MiB)" for f in fonts
        )
        or "?",
        "allocator": ", ".join(f"{k} {v}" for k, v in r.get("allocator", {}).items()) or "?",
    }
