"""glassnet train --schedule: the learning-rate schedules on the command line."""

import csv
import json

import pytest

from glassnet.cli import main

sklearn_datasets = pytest.importorskip("sklearn.datasets")


@pytest.mark.slow
def test_train_with_a_cosine_schedule(tmp_path, capsys):
    data = sklearn_datasets.load_iris()
    path = tmp_path / "iris.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*data.feature_names, "species"])
        writer.writerows([*x, data.target_names[t]] for x, t in zip(data.data, data.target))
    out_model = tmp_path / "iris.glassnet"
    code = main(["train", str(path), "--target", "species", "--epochs", "5", "--schedule",
                 "cosine", "--learning-rate", "0.01", "--no-early-stopping", "--json",
                 "--out", str(out_model)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["epochs"] == 5
    assert main(["info", str(out_model), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["training"]["schedule"] == "cosine"
    with pytest.raises(SystemExit):
        main(["train", str(path), "--target", "species", "--schedule", "cosin"])
    assert "invalid choice: 'cosin'" in capsys.readouterr().err
