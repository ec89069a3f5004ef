"""The keyboard claim of a display: the first kiosk keeps it, the next takes it over when
the first lets go, and a claim file that cannot be used leaves each kiosk as it was."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.ui.keyboard_claim import KeyboardClaim, claim_path


def test_one_claim_per_display_not_per_screen(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":3.1"}
    assert claim_path("xcb", env) == claim_path("xcb", {**env, "DISPLAY": ":3"})
    assert claim_path("xcb", env) != claim_path("xcb", {**env, "DISPLAY": ":4"})
    assert claim_path("xcb", env).parent == tmp_path  # type: ignore[union-attr]
    assert claim_path("wayland", {**env, "WAYLAND_DISPLAY": "wayland-1"}) is not None
    assert claim_path("offscreen", env) is None  # no focus to share
    assert claim_path("xcb", {"XDG_RUNTIME_DIR": str(tmp_path)}) is None  # no display
    odd = claim_path("xcb", {**env, "DISPLAY": "host/../x:0"})
    assert odd is not None
    assert odd.parent == tmp_path  # the name cannot leave the folder


def test_the_first_kiosk_keeps_the_keyboard_the_next_takes_it_over(tmp_path: Path) -> None:
    path = tmp_path / "claim.lock"
    first, second = KeyboardClaim(path), KeyboardClaim(path)
    assert first.held()
    assert not second.held()
    assert second.holder() == f"pid {os.getpid()}"
    assert not second.held()  # asking again changes nothing while the first runs
    first.release()  # as when its process ends
    assert second.held()
    assert not first.held()


def test_a_claim_file_that_cannot_be_used_keeps_the_keyboard(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    link = tmp_path / "link.lock"
    link.symlink_to(target)
    assert KeyboardClaim(link).held()  # a planted link: not followed
    assert target.read_text() == "keep"
    (tmp_path / "dir.lock").mkdir()
    assert KeyboardClaim(tmp_path / "dir.lock").held()
    assert KeyboardClaim(tmp_path / "missing" / "x.lock").held()
    assert KeyboardClaim(None).held()
