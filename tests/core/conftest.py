"""Fixtures for the core tests (no Qt here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


def load_hostile() -> ModuleType:
    """tests/core/hostile.py (makers of hostile files), importable under importlib mode."""
    path = Path(__file__).with_name("hostile.py")
    spec = importlib.util.spec_from_file_location("kiosk_tests_hostile", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hostile() -> ModuleType:
    return load_hostile()
