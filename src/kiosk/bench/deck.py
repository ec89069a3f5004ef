"""Playlists the benchmark runs on, written to a temporary folder. Qt-free.

`bench_deck` — one slide of every type, themed like the bundled deck (its theme and the
bundled artwork, by absolute path so the playlist can live anywhere); the player benchmarks
use it so each slide type gets its own switch latency.

`big_deck` — N slides of mixed types with their own data files and images, for timing
`kiosk validate` on a long playlist.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

__all__ = ["SLIDE_ORDER", "bench_deck", "big_deck"]

# the order of the bench deck; a static, animation-free slide first (idle CPU is measured on it)
SLIDE_ORDER = ("quote", "title", "bullets", "metric", "chart", "image", "timeline", "split")

_PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3b9a0"
    "0000000049454e44ae426082"
)
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90">'
    '<rect width="160" height="90" fill="#13294B"/><circle cx="80" cy="45" r="30" '
    'fill="#2EC4B6"/></svg>\n'
)
_CSV = "year,output,target\n" + "".join(
    f"{2016 + i},{100 + 17 * i},{120 + 11 * i}\n" for i in range(10)
)


def _bundled() -> tuple[dict[str, Any], Path]:
    from kiosk.resources import assets_dir, bundled_playlist

    path = bundled_playlist()
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw, assets_dir()


def _absolute_refs(raw: dict[str, Any], base: Path) -> dict[str, Any]:
    """A copy of the bundled playlist's theme with every file path made absolute."""
    theme = copy.deepcopy(raw.get("theme", {}))
    fonts = theme.get("fonts")
    if isinstance(fonts, list):
        theme["fonts"] = [str((base / f).resolve()) for f in fonts]
    if isinstance(theme.get("logo"), str):
        theme["logo"] = str((base / theme["logo"]).resolve())
    background = theme.get("background")
    if isinstance(background, dict):
        for key in ("image", "image_portrait"):
            if isinstance(background.get(key), str):
                background[key] = str((base / background[key]).resolve())
    return theme


def _pick(folder: Path, pattern: str, fallback: Path) -> str:
    found = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return str(found[0]) if found else str(fallback)


def _type_slides(assets: Path, data_csv: str, image: str) -> dict[str, dict[str, Any]]:
    icons = [str(p) for p in sorted((assets / "icons").glob("*.svg"))[:4]] or [image] * 4
    illustration = _pick(assets / "illustrations", "*.svg", Path(image))
    return {
        "title": {
            "type": "title",
            "kicker": "Benchmark deck",
            "title": "Smart Manufacturing in Chongqing",
            "subtitle": "under the Background of Carbon Neutrality",
            "image": illustration,
        },
        "bullets": {
            "type": "bullets",
            "heading": "What the white paper reports",
            "points": [
                "31 manufacturing categories",
                "Two pillar industries: electronics and automobiles",
                "Seven industrial clusters to cultivate",
                "Average annual growth of 23.06 % from 2016 to 2020",
            ],
            "icons": icons,
        },
        "metric": {
            "type": "metric",
            "value": 23.06,
            "decimals": 2,
            "unit": "%",
            "label": "average annual growth, 2016–2020",
            "source": "White paper",
        },
        "chart": {
            "type": "chart",
            "kind": "line",
            "heading": "Output and target",
            "data": data_csv,
            "x": "year",
            "y": ["output", "target"],
            "highlight": "2020",
            "y_title": "index",
            "source": "generated for the benchmark",
        },
        "quote": {
            "type": "quote",
            "text": "Smart manufacturing is the main direction of the manufacturing industry.",
            "speaker": "Benchmark speaker",
            "role": "a static slide",
        },
        "image": {
            "type": "image",
            "image": illustration,
            "caption": "An illustration, fitted without distortion",
            "heading": "Skyline",
        },
        "timeline": {
            "type": "timeline",
            "heading": "China's carbon targets",
            "milestones": [
                {"date": "2021", "label": "SCE 2021"},
                {"date": "2025", "label": "14th Five-year Plan ends"},
                {"date": "2030", "label": "CO2 emissions peak"},
                {"date": "2060", "label": "Carbon neutrality", "highlight": True},
            ],
        },
        "split": {
            "type": "split",
            "heading": "Chart beside text",
            "points": ["Output grows every year", "The target is met from 2019"],
            "chart": {"kind": "bar", "data": data_csv, "x": "year", "y": "output"},
        },
    }


def bench_deck(
    folder: Path,
    *,
    transition: str = "fade",
    duration: float = 25.0,
    progress: bool = True,
    order: tuple[str, ...] = SLIDE_ORDER,
    name: str = "bench.json",
) -> Path:
    """Write the one-slide-per-type deck into `folder`; return the playlist path."""
    folder.mkdir(parents=True, exist_ok=True)
    raw, assets = _bundled()
    from kiosk.resources import bundled_playlist

    theme = _absolute_refs(raw, bundled_playlist().parent)
    theme["progress"] = progress
    (folder / "series.csv").write_text(_CSV, encoding="utf-8")
    (folder / "picture.svg").write_text(_SVG, encoding="utf-8")
    slides = _type_slides(assets, "series.csv", str(folder / "picture.svg"))
    playlist = {
        "deck": {"title": "kiosk benchmark deck"},
        "theme": theme,
        "defaults": {
            "duration": duration,
            "transition": transition,
            "transition_ms": raw.get("defaults", {}).get("transition_ms", 600),
        },
        "controls": {"resume_after": 86400},
        "slides": [{"id": f"{kind}-{i}", **slides[kind]} for i, kind in enumerate(order)],
    }
    path = folder / name
    path.write_text(json.dumps(playlist, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def big_deck(folder: Path, count: int = 5000) -> Path:
    """Write a `count`-slide playlist of mixed types with its data files and images."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "img").mkdir(exist_ok=True)
    for i in range(4):
        (folder / "data" / f"series{i}.csv").write_text(_CSV, encoding="utf-8")
    (folder / "img" / "picture.svg").write_text(_SVG, encoding="utf-8")
    (folder / "img" / "dot.png").write_bytes(_PNG_1PX)
    slides: list[dict[str, Any]] = []
    for i in range(count):
        kind = i % 8
        csv = f"data/series{i % 4}.csv"
        image = "img/picture.svg" if i % 2 else "img/dot.png"
        base: dict[str, Any] = {"id": f"s{i}", "duration": 5 + i % 7}
        if kind == 0:
            base |= {"type": "title", "title": f"Slide {i}", "subtitle": "generated", "logo": image}
        elif kind == 1:
            base |= {
                "type": "bullets",
                "heading": f"Points {i}",
                "points": [f"point {j} of slide {i}" for j in range(2 + i % 5)],
            }
        elif kind == 2:
            ref = {"file": csv, "column": "output", "where": {"year": str(2016 + i % 10)}}
            base |= (
                {"type": "metric", "value": i * 1.5, "unit": "%", "label": "a value"}
                if i % 16 < 8
                else {"type": "metric", "data": ref, "label": "from a file"}
            )
        elif kind == 3:
            base |= (
                {"type": "chart", "heading": "c", "data": csv, "x": "year", "y": ["output"]}
                if i % 16 < 8
                else {
                    "type": "chart",
                    "kind": "pie",
                    "heading": "c",
                    "values": [{"label": f"v{j}", "value": j + 1} for j in range(5)],
                }
            )
        elif kind == 4:
            base |= {"type": "quote", "text": f"Quote number {i}.", "speaker": "Someone"}
        elif kind == 5:
            base |= {"type": "image", "image": image, "caption": f"caption {i}"}
        elif kind == 6:
            base |= {
                "type": "timeline",
                "heading": "t",
                "milestones": [{"date": str(2020 + j), "label": f"m{j}"} for j in range(4)],
            }
        else:
            base |= {
                "type": "split",
                "heading": "s",
                "text": "beside a chart",
                "chart": {"kind": "bar", "data": csv, "x": "year", "y": "target"},
            }
        slides.append(base)
    playlist = {
        "deck": {"title": f"{count} generated slides"},
        "theme": {"progress": True, "counter": True},
        "slides": slides,
    }
    path = folder / "playlist.json"
    path.write_text(json.dumps(playlist, indent=1), encoding="utf-8")
    return path
