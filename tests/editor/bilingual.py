"""The bundled deck in English and Simplified Chinese, for the editor's language tests.

Every text is first made English only (so the tests do not follow the bundled deck's
wording); then a few get the Chinese written here for these tests, the rest stay plain
strings ("the same in every language"), and one bullet point is left untranslated on purpose.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ZH = "zh-Hans"

_HEADINGS = {
    0: ("title", "重庆智能制造"),
    2: ("heading", "迈向碳中和之路"),
    3: ("heading", "智能制造兼顾增长与减排"),
    4: ("heading", "“AI+”背后的技术"),
    8: ("heading", "战略性新兴制造业增加值"),
}
_POINTS = {4: ["大数据", "工业互联网"]}  # the third point stays untranslated
_MILESTONES = {2: ["2021年智博会", "“十四五”规划", "碳达峰", "碳中和"]}


def _en(value: Any) -> Any:
    return value.get("en", "") if isinstance(value, dict) else value


def _map(value: Any, zh: str) -> Any:
    return {"en": _en(value), ZH: zh}


def _english_only(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(isinstance(v, str) for v in value.values()) and "en" in value:
            return value["en"]
        return {k: _english_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_english_only(v) for v in value]
    return value


def make_bilingual(data: dict[str, Any]) -> dict[str, Any]:
    data = _english_only(data)
    data["theme"]["font_family"] = "Inter"  # one family: the tests add the second
    deck = data["deck"]
    deck["title"] = _map(deck["title"], "重庆智能制造")
    deck["subtitle"] = _map(deck.get("subtitle", ""), "碳中和背景下")
    deck.pop("language", None)
    deck["languages"] = ["en", ZH]
    deck["language_mode"] = "stacked"
    slides = data["slides"]
    for i, (key, zh) in _HEADINGS.items():
        slides[i][key] = _map(slides[i][key], zh)
    for i, texts in _POINTS.items():
        points = slides[i]["points"]
        for j, point in enumerate(points):
            points[j] = _map(point, texts[j]) if j < len(texts) else _en(point)
    for i, labels in _MILESTONES.items():
        for milestone, zh in zip(slides[i]["milestones"], labels, strict=True):
            milestone["label"] = _map(milestone["label"], zh)
    slides[8]["labels"] = {"value_million_yuan": {"en": "Added value", ZH: "增加值"}}
    slides[8]["unit_scale"] = {ZH: 0.01}
    return data


def bilingual_copy(folder: Path) -> Path:
    """A bilingual copy of the bundled deck (with its data and assets) in `folder`."""
    shutil.copytree(REPO / "data", folder / "data")
    shutil.copytree(REPO / "assets", folder / "assets")
    path = folder / "data" / "playlist.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(
        json.dumps(make_bilingual(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
