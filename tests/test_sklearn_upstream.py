"""scikit-learn's own MLP tests, run against glassnet.sklearn with only the import changed.

The installed ``sklearn/neural_network/tests/test_mlp.py`` runs in a
subprocess whose ``sklearn.neural_network.MLPClassifier``/``MLPRegressor``
are glassnet's, set before pytest imports the module. Nothing is copied
into this repository: the tests are those of the installed scikit-learn.
Every failure must be one of the deliberate differences below (also in
docs/sklearn.md), and everything else must pass.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sklearn = pytest.importorskip("sklearn")

UPSTREAM = Path(sklearn.__file__).parent / "neural_network" / "tests" / "test_mlp.py"

# test id → why glassnet deliberately fails it.
DIFFERENCES = {
    "test_fit": "sets scikit-learn's private state (coefs_ lists, _coef_velocity, ...) by "
                "hand before partial_fit; glassnet's weights live in its Network, and "
                "coefs_ are views of them made when the network is built",
    "test_gradient": "calls scikit-learn's private _loss_grad_lbfgs/_unpack; glassnet's "
                     "gradient is glassnet.lbfgs.loss_and_gradient, checked by central "
                     "differences in tests/test_lbfgs.py",
    "test_warm_start": "glassnet draws other initial weights from the same random_state; "
                       "from them L-BFGS ends the third warm fit in a line-search failure "
                       "on a saturated softmax (status=2), a ConvergenceWarning the module "
                       "treats as an error",
}

_RUN = """
import sys
import pytest
import sklearn.neural_network as nn
import glassnet.sklearn as ours
nn.MLPClassifier, nn.MLPRegressor = ours.MLPClassifier, ours.MLPRegressor
sys.exit(pytest.main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not UPSTREAM.exists(), reason="scikit-learn installed without its tests")
def test_scikit_learns_mlp_tests_pass_but_for_the_deliberate_differences(tmp_path):
    report = tmp_path / "report.xml"
    run = subprocess.run(
        [sys.executable, "-c", _RUN, str(UPSTREAM), "-q", "-W", "error", "-p",
         "no:cacheprovider", f"--rootdir={tmp_path}", f"--junitxml={report}"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        outcomes[case.get("name")] = "failed" if failed else "skipped" if skipped else "passed"
    failed = {name for name, outcome in outcomes.items() if outcome == "failed"}
    assert failed == set(DIFFERENCES), run.stdout[-6000:]
    assert sum(outcome == "passed" for outcome in outcomes.values()) == 56
    assert len(outcomes) == 59
