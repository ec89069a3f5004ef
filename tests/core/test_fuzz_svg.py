"""Hypothesis fuzzes SVG structure: random trees of groups, shapes and <use> references
(cycles, self references, deep chains, missing targets, external links) are either accepted
within the limits or refused with one line; the check never raises, and what it accepts
really does stay under the element budget."""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core import media

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@st.composite
def svg_trees(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 40))
    parents = [draw(st.integers(0, i - 1)) if i else -1 for i in range(n)]
    kinds = draw(
        st.lists(st.sampled_from(["g", "rect", "use", "image", "circle"]), min_size=n, max_size=n)
    )
    refs = draw(st.lists(st.integers(0, n + 2), min_size=n, max_size=n))
    links = draw(
        st.lists(
            st.sampled_from(["#", "x.png", "../x.png", "/etc/passwd", "http://h/x", "data:,", ""]),
            min_size=n,
            max_size=n,
        )
    )
    children: dict[int, list[int]] = {i: [] for i in range(n)}
    for i, p in enumerate(parents):
        if p >= 0:
            children[p].append(i)

    def render(i: int) -> str:
        kind = "g" if i == 0 else kinds[i]
        attrs = f'id="e{i}"'
        if kind == "use":
            attrs += f' xlink:href="#e{refs[i]}"'
        if kind == "image":
            link = links[i] if links[i] != "#" else f"#e{refs[i]}"
            attrs += f' href="{link}"'
        inner = "".join(render(c) for c in children[i]) if kind == "g" else ""
        return f"<{kind} {attrs}>{inner}</{kind}>"

    return f'<svg {NS} width="10" height="10">{render(0)}</svg>'


def expanded(text: str) -> int:
    """Brute-force count of elements after <use> expansion, capped (for accepted files)."""
    root = ET.fromstring(text)
    ids = {el.get("id"): el for el in root.iter()}
    cap = media.MAX_SVG_EXPANDED + 1

    def count(el: ET.Element, depth: int) -> int:
        if depth > 200:
            return cap
        total = 1 + sum(count(c, depth + 1) for c in el)
        if el.tag.endswith("use"):
            ref = el.get("{http://www.w3.org/1999/xlink}href", "")
            target = ids.get(ref[1:])
            if target is not None:
                total += count(target, depth + 1)
        return min(total, cap)

    return count(root, 0)


@FUZZ
@given(svg_trees())
def test_random_svg_structures(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.svg"
        path.write_text(text)
        reason = media.check_image(path, None, Path(folder))
    assert reason is None or ("\n" not in reason and reason)
    if reason is None:
        assert expanded(text) <= media.MAX_SVG_EXPANDED


@FUZZ
@given(st.binary(max_size=200).map(lambda b: b"<svg " + NS.encode() + b">" + b + b"</svg>"))
def test_svg_with_junk_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.svg"
        path.write_bytes(raw)
        reason = media.check_image(path, None, Path(folder))
    assert reason is None or "\n" not in reason


@FUZZ
@given(st.integers(1, 40), st.integers(1, 4))
def test_use_fans_are_measured_not_expanded(levels: int, fan: int) -> None:
    parts = [f'<svg {NS}><defs><g id="g0"><rect/></g>']
    for i in range(1, levels + 1):
        parts.append(f'<g id="g{i}">' + f'<use xlink:href="#g{i - 1}"/>' * fan + "</g>")
    parts.append(f'</defs><use xlink:href="#g{levels}"/></svg>')
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.svg"
        path.write_text("".join(parts))
        reason = media.check_image(path, None, Path(folder))
    # exact count after expansion: group i costs 1 + fan * (1 + cost of group i - 1)
    costs = [2]  # g0 and its rect
    for _ in range(levels):
        costs.append(1 + fan * (1 + costs[-1]))
    total = 1 + 1 + sum(costs) + 1 + costs[-1]  # svg, defs and its groups, the top <use>
    assert (reason is None) == (total <= media.MAX_SVG_EXPANDED), (total, reason)
    if reason is not None:
        assert "through <use>" in reason
