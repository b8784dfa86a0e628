"""The documentation's examples run and print what they say."""

import doctest
import pathlib

import pytest

import glassnet

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", ["tutorial.md"])
def test_markdown_doctests(name):
    result = doctest.testfile(str(DOCS / name), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize("module", [
    glassnet.activations, glassnet.data, glassnet.network, glassnet.explain,
])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
