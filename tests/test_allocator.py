"""kiosk fixes glibc's mmap threshold, unless the environment already chose one."""

from __future__ import annotations

import platform

import pytest

from kiosk.allocator import allocator_settings, tune_allocator

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")


@glibc
def test_the_threshold_is_fixed_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    assert tune_allocator() == "mmap threshold fixed at 128 KiB"
    settings = allocator_settings()
    assert settings["kiosk"] == "mmap threshold fixed at 128 KiB"
    assert settings["libc"].startswith("glibc 2.")


@glibc
def test_an_explicit_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")
    assert tune_allocator() == "set by the environment: unchanged"
