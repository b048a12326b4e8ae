"""The examples in docstrings run and print what they say (the python-chess habit)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("game.rules", "game.play", "game.tournament")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
