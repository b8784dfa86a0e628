"""The documentation's examples run and print what they say."""

import doctest
import importlib
import pathlib
import pkgutil
import warnings

import pytest

import glassnet

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", ["tutorial.md"])
def test_markdown_doctests(name):
    result = doctest.testfile(str(DOCS / name), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


MODULES = sorted(info.name for info in pkgutil.walk_packages(glassnet.__path__, "glassnet.")
                 if info.name != "glassnet.__main__")
OPTIONAL = {"glassnet.sklearn": "sklearn", "glassnet.plot": "matplotlib", "glassnet.export": "onnx"}


def test_every_module_is_listed():
    assert {"glassnet.network", "glassnet.explain.step", "glassnet.cli.train"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    for prefix, requirement in OPTIONAL.items():
        if name.startswith(prefix):
            pytest.importorskip(requirement)
    module = importlib.import_module(name)
    with warnings.catch_warnings():
        if name.startswith("glassnet.sklearn"):
            # The estimators' short examples stop at max_iter, as scikit-learn's would,
            # and say so with a ConvergenceWarning: that is the example working.
            from sklearn.exceptions import ConvergenceWarning

            warnings.simplefilter("ignore", ConvergenceWarning)
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
