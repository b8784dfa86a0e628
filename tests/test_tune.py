"""glassnet tune: the grid, the search here, and the same search on a Dask cluster."""

import json
import pathlib
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from glassnet.cli import CommandError, main  # noqa: E402
from glassnet.cli.tune import build_search, parse_search  # noqa: E402
from glassnet.sklearn import MLPClassifier  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"
PARAMS = MLPClassifier().get_params()
FLOWERS = ["tune", str(DATA / "fleurs_bom.csv"), "--target", "espèce", "--cv", "2",
           "--epochs", "8", "--json"]


def test_the_grid_reads_aliases_layers_and_types():
    grid = parse_search("hidden=32,64x32; lr=1e-3,0.01;activation=relu,tanh;early_stopping=true",
                        PARAMS)
    assert grid == {"hidden_layer_sizes": [(32,), (64, 32)],
                    "learning_rate_init": [0.001, 0.01], "activation": ["relu", "tanh"],
                    "early_stopping": [True]}
    assert parse_search("alpha=0.1;batch=16", PARAMS) == {"alpha": [0.1], "batch_size": [16]}


@pytest.mark.parametrize("text, problem", [
    ("hiden=3", r"unknown parameter 'hiden' \(did you mean 'hidden'\?\)"),
    ("hidden", "not name=value"),
    ("hidden=", "not name=value"), (";", "at least one"), ("lr=1;lr=2", "given twice"),
])
def test_a_bad_grid_is_one_clear_error(text, problem):
    with pytest.raises(CommandError, match=problem):
        parse_search(text, PARAMS)


def _tune(capsys, *extra):
    assert main([*FLOWERS, *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_tune_searches_the_grid_here(capsys):
    out = _tune(capsys, "--search", "hidden=4,8;lr=0.05")
    assert out["task"] == "classification" and out["rows"] == 150 and out["folds"] == 2
    assert [r["rank"] for r in out["results"]] == [1, 2]
    assert {r["label"] for r in out["results"]} == {"hidden=4", "hidden=8"}
    best = out["results"][0]
    assert best["mean"] >= out["results"][1]["mean"]
    assert best["mean"] == pytest.approx(np.mean(best["scores"]))
    assert all(0 <= s <= 1 for r in out["results"] for s in r["scores"])
    # The same seed, the same folds and weights: the same scores, to the last bit.
    assert _tune(capsys, "--search", "hidden=4,8;lr=0.05")["results"] == out["results"]


def test_a_sample_of_the_grid(capsys):
    out = _tune(capsys, "--search", "hidden=2,3,4;lr=0.05,0.1", "--sample", "2", "--epochs", "3")
    assert len(out["results"]) == 2
    assert _tune(capsys, "--search", "hidden=2,3,4;lr=0.05,0.1", "--sample", "2",
                 "--epochs", "3")["results"] == out["results"]  # the same draw for a seed
    search = build_search("regression", {"alpha": [1, 2]}, cv=2, epochs=1, seed=0, sample=5)
    assert type(search).__name__ == "GridSearchCV"  # a sample as big as the grid is the grid


def test_tune_prints_a_table_and_the_train_command(capsys):
    assert main([*FLOWERS[:-1], "--search", "hidden=4x2;lr=0.05,0.1"]) == 0
    out = capsys.readouterr().out
    assert "searched 2 combinations × 2 folds on 150 rows (classification, accuracy) here" in out
    assert "--hidden 4,2" in out and "--learning-rate 0.1" in out or "--learning-rate 0.05" in out


def test_tune_errors_are_one_line(capsys):
    assert main(["tune", str(DATA / "fleurs_bom.csv"), "--target", "nope",
                 "--search", "hidden=2"]) == 1
    assert "no column 'nope'" in capsys.readouterr().err


@pytest.mark.slow  # the client waits 10 s for the scheduler
def test_an_unreachable_scheduler_is_one_line(capsys):
    pytest.importorskip("distributed")
    assert main([*FLOWERS, "--search", "hidden=2", "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--scheduler tcp://127.0.0.1:9" in err


# --- the same search on a Dask cluster: two worker processes on this machine ------------------

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster


def _flowers():
    from glassnet.tabular import read_table
    from glassnet.tabular.target import encode_target

    frame = read_table(DATA / "fleurs_bom.csv")
    target = encode_target(frame["espèce"])
    return frame.drop(columns=["espèce"]), target.decode(target.Y)


@pytest.mark.slow
def test_a_dask_search_equals_the_local_search(cluster):
    import joblib
    from distributed import Client

    X, y = _flowers()
    grid = {"hidden_layer_sizes": [(4,), (8,)], "learning_rate_init": [0.02, 0.1]}
    with warnings.catch_warnings():  # sklearn passes these filters on to the workers
        warnings.simplefilter("ignore", ConvergenceWarning)
        local = build_search("classification", grid, cv=3, epochs=10, seed=0).fit(X, y)
        with Client(cluster) as client, joblib.parallel_config(backend="dask"):
            remote = build_search("classification", grid, cv=3, epochs=10, seed=0,
                                  n_jobs=-1).fit(X, y)
            workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two processes, not threads
    for key in ("params", "rank_test_score", *(f"split{k}_test_score" for k in range(3))):
        np.testing.assert_array_equal(remote.cv_results_[key], local.cv_results_[key])


@pytest.mark.slow
def test_tune_with_a_scheduler_equals_tune_here(cluster, capsys):
    here = _tune(capsys, "--search", "hidden=4,8")
    there = _tune(capsys, "--search", "hidden=4,8", "--scheduler", cluster.scheduler_address)
    assert there["scheduler"] == cluster.scheduler_address
    assert there["results"] == here["results"]


def test_tune_takes_a_true_false_target(tmp_path, capsys):
    rng = np.random.default_rng(0)
    x = rng.normal(size=60)
    path = tmp_path / "churn.csv"
    path.write_text("x,churned\n" + "".join(f"{v:.3f},{'TRUE' if v > 0 else 'FALSE'}\n"
                                            for v in x))
    from glassnet.tabular.target import decode_outputs

    assert decode_outputs(np.array([1, 0]), "classification", [False, True]).dtype == bool
    assert main(["tune", str(path), "--target", "churned", "--cv", "2", "--epochs", "3",
                 "--search", "lr=0.05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["task"] == "classification" and out["rows"] == 60
