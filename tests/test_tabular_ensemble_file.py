"""A bagged table ensemble saved as one model file: read back exactly, used by the CLI, checked."""

import json
import pathlib
import zipfile
from dataclasses import replace

import numpy as np
import pytest

from glassnet.cli import main
from glassnet.files import ModelFormatError
from glassnet.tabular import TableEnsemble, TabularModel, load_table_model, read_table
from glassnet.tabular.presets import PRESETS, fit_table

DATA = pathlib.Path(__file__).parent / "data"
SMALL = replace(PRESETS["best"], members=3, epochs=3, warmup=1, hidden=(8,))


@pytest.fixture(scope="module")
def penguins():
    return read_table(DATA / "penguins.csv")


@pytest.fixture(scope="module")
def ensemble_file(penguins, tmp_path_factory):
    ensemble = fit_table(penguins, "species", recipe=SMALL, seed=3)
    path = tmp_path_factory.mktemp("ens") / "penguins.glassnet"
    ensemble.save(path)
    return ensemble, path


def test_round_trip_is_exact(ensemble_file, penguins):
    ensemble, path = ensemble_file
    loaded = load_table_model(path)
    assert isinstance(loaded, TableEnsemble)
    assert len(loaded.networks) == 3
    for a, b in zip(ensemble.networks, loaded.networks):
        for key, value in a.parameters().items():
            assert np.array_equal(value, b.parameters()[key])
    assert loaded.clip == 3.0
    assert np.array_equal(loaded.clip_mask, ensemble.clip_mask)
    assert np.array_equal(loaded.outputs(penguins), ensemble.outputs(penguins))
    assert loaded.predict(penguins).tolist() == ensemble.predict(penguins).tolist()
    assert loaded.info["recipe"]["members"] == 3
    assert loaded.feature_names == ensemble.feature_names
    assert loaded.target_name == "species"


def test_the_average_is_the_members_mean(ensemble_file, penguins):
    ensemble, _ = ensemble_file
    X = ensemble.inputs(penguins.head(5))
    members = [net.predict(X) for net in ensemble.networks]
    mean = sum(members) / 3
    # then calibrated: p ∝ p̄^(1/T), T fitted on the out-of-fold predictions
    T = ensemble.temperature
    assert T == ensemble.info["temperature"] and T != 1.0
    calibrated = mean ** (1 / T) / (mean ** (1 / T)).sum(axis=1, keepdims=True)
    assert np.allclose(ensemble.outputs_of(X), calibrated, rtol=0, atol=1e-14)
    assert (ensemble.outputs_of(X).argmax(axis=1) == mean.argmax(axis=1)).all()


def test_load_table_model_reads_both_kinds(ensemble_file, penguins, tmp_path):
    _, path = ensemble_file
    assert isinstance(load_table_model(path), TableEnsemble)
    single = fit_table(penguins, "species", recipe=replace(PRESETS["tutorial"], epochs=2,
                                                           hidden=(4,)), seed=0)
    single.save(tmp_path / "one.glassnet")
    assert isinstance(load_table_model(tmp_path / "one.glassnet"), TabularModel)
    with pytest.raises(ModelFormatError, match="an ensemble of 3 networks"):
        TabularModel.load(path)


def _rewrite(path, out, change_meta=None, drop=()):
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        meta = json.loads(src.read("metadata.json"))
        if change_meta:
            change_meta(meta)
        for name in drop:
            del meta["arrays"][name]
        dst.writestr("metadata.json", json.dumps(meta))
        for item in src.namelist():
            if item != "metadata.json" and not any(item == f"arrays/{d}.npy" for d in drop):
                dst.writestr(item, src.read(item))
    return out


def test_a_missing_member_is_named(ensemble_file, tmp_path):
    _, path = ensemble_file
    keys = ["members.2.layers.0.weights", "members.2.layers.0.bias",
            "members.2.layers.1.weights", "members.2.layers.1.bias"]
    bad = _rewrite(path, tmp_path / "bad.glassnet", drop=keys)
    with pytest.raises(ModelFormatError, match="member 2 of 3 is missing"):
        load_table_model(bad)
    half = _rewrite(path, tmp_path / "half.glassnet", drop=keys[:1])
    with pytest.raises(ModelFormatError, match="ensemble member 2: layer 0: weights are missing"):
        load_table_model(half)


@pytest.mark.parametrize("members, message", [(0, "1 to 1000 members"), ("3", "1 to 1000"),
                                              (5, "member 3 of 5 is missing")])
def test_a_wrong_member_count_is_refused(ensemble_file, tmp_path, members, message):
    _, path = ensemble_file
    bad = _rewrite(path, tmp_path / "bad.glassnet",
                   change_meta=lambda m: m.update(members=members))
    with pytest.raises(ModelFormatError, match=message):
        load_table_model(bad)


def test_a_bad_clip_is_refused(ensemble_file, tmp_path):
    _, path = ensemble_file
    bad = _rewrite(path, tmp_path / "clip.glassnet", change_meta=lambda m: m.update(clip=-1))
    with pytest.raises(ModelFormatError, match="clip -1 is not a positive number"):
        load_table_model(bad)
    nomask = _rewrite(path, tmp_path / "mask.glassnet", drop=["clip_mask"])
    with pytest.raises(ModelFormatError, match="clip mask is missing"):
        load_table_model(nomask)


@pytest.mark.parametrize("temperature", [0, -1.5, "2", True, None])
def test_a_bad_temperature_is_refused_and_an_old_file_has_none(ensemble_file, tmp_path,
                                                               temperature, penguins):
    ensemble, path = ensemble_file

    def change(meta):
        meta["ensemble"]["temperature"] = temperature

    with pytest.raises(ModelFormatError, match="temperature .* is not a positive number"):
        load_table_model(_rewrite(path, tmp_path / "t.glassnet", change_meta=change))
    # A file saved before calibration: the members' mean as it was.
    old = _rewrite(path, tmp_path / "old.glassnet",
                   change_meta=lambda m: m["ensemble"].pop("temperature"))
    loaded = load_table_model(old)
    X = loaded.inputs(penguins.head(4))
    assert loaded.temperature == 1.0
    assert np.array_equal(loaded.outputs_of(X), loaded.member_outputs(X).mean(axis=0))


def test_cli_predict_evaluate_and_info_take_an_ensemble(ensemble_file, penguins, capsys,
                                                        tmp_path):
    ensemble, path = ensemble_file
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(path), str(DATA / "penguins.csv"),
                 "--out", str(out)]) == 0
    written = out.read_text().splitlines()
    assert written[0] == "predicted_species"
    assert written[1:] == [str(p) for p in ensemble.predict(penguins)]
    capsys.readouterr()
    assert main(["evaluate", str(path), str(DATA / "penguins.csv"),
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    labelled = penguins.dropna(subset=["species"])
    expected = float(np.mean(ensemble.predict(labelled) == labelled["species"].to_numpy()))
    assert result["accuracy"] == pytest.approx(expected)
    assert main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["kind"] == "ensemble" and info["members"] == 3
    assert info["parameters"] == ensemble.n_parameters == 3 * ensemble.networks[0].n_parameters
    assert info["recipe"]["name"] == "best"
    assert main(["info", str(path)]) == 0
    text = capsys.readouterr().out
    assert "an ensemble of 3 networks" in text and "out-of-fold score" in text
    n_features, n_bins = len(ensemble.feature_names), ensemble.bins.n_outputs
    assert (f"architecture {n_features + n_bins}-" in text and f"({n_features} features + "
            f"{n_bins} bin inputs, see the recipe)" in text)


def test_the_bins_travel_with_the_file_and_are_checked(ensemble_file, tmp_path):
    ensemble, path = ensemble_file
    loaded = load_table_model(path)
    assert loaded.bins is not None and loaded.bins.n_outputs == ensemble.bins.n_outputs > 0
    assert all(np.array_equal(a, b) for a, b in zip(loaded.bins.edges_, ensemble.bins.edges_))
    bad = _rewrite(path, tmp_path / "bins.glassnet", drop=["bins.0"])
    with pytest.raises(ModelFormatError, match="input bins: the bin edges of binned column 0"):
        load_table_model(bad)
