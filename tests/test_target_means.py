"""Target means of a categorical column whose rarer values share ``(other)`` (target_means.py).

By hand on a few rows, out of fold for the rows a fit encodes (never a row's own
target), as plain data in files, in scikit-learn's Pipeline, in ONNX Runtime,
and through the command line.
"""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.cli import main
from glassnet.tabular import TableEncoder, prepare_training
from glassnet.tabular.target_means import SMOOTHING

M = SMOOTHING


def _colors(values):
    return pd.DataFrame({"color": values, "x": np.arange(len(values), dtype=float)})


def _means(encoder, name="color"):
    return next(c for c in encoder.columns_ if c["name"] == name)["target_means"]


def test_a_value_s_mean_is_its_rows_pulled_toward_the_overall_mean():
    colors = ["a", "a", "a", "a", "b", "b", "c", "d"]
    y = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 12.0, 7.0, 0.0])
    enc = TableEncoder(max_categories=1, target_type="continuous").fit(_colors(colors), y)
    z = (y - y.mean()) / y.std()
    means = _means(enc)
    assert means["kind"] == "continuous" and means["labels"] == ["mean"]
    # categories then infrequent: a, then b, c, d; each (sum + m * 0) / (n + m)
    want = [z[:4].sum() / (4 + M), z[4:6].sum() / (2 + M), z[6] / (1 + M), z[7] / (1 + M)]
    np.testing.assert_allclose(np.ravel(means["values"]), want, rtol=1e-12)
    assert means["prior"] == [pytest.approx(0.0, abs=1e-15)]
    assert means["missing"] == means["prior"]  # no missing cell in training: the prior
    names = list(enc.get_feature_names_out())
    assert names == ["color=a", "color=(other)", "color.target_mean", "x"]
    with pytest.warns(UserWarning, match=r"1 row \(index 1\) with unseen values \('zebra'\).*"
                                         r"1 row \(index 2\) missing, and the rows trained on had no"):
        new = enc.transform(_colors(["b", "zebra", None, "a"]))
    np.testing.assert_allclose(new[:, 2], [want[1], 0.0, 0.0, want[0]], atol=1e-15)
    np.testing.assert_array_equal(new[:, 1], [1, 1, 1, 0])  # the one-hot is as before


def test_missing_cells_are_a_value_of_their_own():
    colors = ["a", "a", "b", "c", None, None, "d", "e"]
    y = ["no", "no", "yes", "no", "yes", "yes", "no", "yes"]
    enc = TableEncoder(max_categories=1).fit(_colors(colors), y)
    means = _means(enc)
    assert means["kind"] == "classes" and means["labels"] == ["yes"]  # two classes: one share
    prior = 4 / 8
    assert means["prior"] == [pytest.approx(prior)]
    assert means["missing"] == [pytest.approx((2 + M * prior) / (2 + M))]
    assert list(enc.get_feature_names_out())[-2] == "color.target_share=yes"


def test_three_classes_give_a_share_each_and_too_many_classes_none():
    rng = np.random.default_rng(0)
    frame = _colors(rng.choice([f"v{i}" for i in range(80)], 400))
    enc = TableEncoder(max_categories=5).fit(frame, rng.choice(["lo", "mid", "hi"], 400))
    assert [n for n in enc.get_feature_names_out() if ".target" in n] == [
        "color.target_share=hi", "color.target_share=lo", "color.target_share=mid"]
    values = np.array(_means(enc)["values"])
    np.testing.assert_allclose(values.sum(axis=1), 1.0)  # shares of the same rows
    many = TableEncoder(max_categories=5).fit(frame, rng.integers(0, 25, 400).astype(str))
    assert not any(".target" in n for n in many.get_feature_names_out())
    plan = next(p for p in many.plans_ if p.name == "color")
    assert "no target means" in plan.reason and "more than 20 classes" in plan.reason


def test_without_y_without_other_or_switched_off_there_are_none():
    rng = np.random.default_rng(1)
    frame = _colors(rng.choice([f"v{i}" for i in range(80)], 300))
    y = rng.normal(size=300)
    assert not any(".target" in n for n in TableEncoder().fit(frame).get_feature_names_out())
    off = TableEncoder(target_means=False).fit(frame, y)
    assert not any(".target" in n for n in off.get_feature_names_out())
    few = _colors(rng.choice(["a", "b", "c"], 300))  # every value its own column
    assert "color=(other)" not in TableEncoder().fit(few, y).get_feature_names_out()
    assert not any(".target" in n for n in TableEncoder().fit(few, y).get_feature_names_out())


def test_bad_y_is_named():
    frame = _colors(["a", "b", "c"])
    with pytest.raises(ValueError, match="y has 2 rows and X 3"):
        TableEncoder(max_categories=1).fit(frame, [1.0, 2.0])
    with pytest.raises(ValueError, match="target_type must be"):
        TableEncoder(max_categories=1, target_type="numbers").fit(frame, [1.0, 2.0, 3.0])


def _by_hand(colors, Y, folds, i):
    """Row ``i``'s out-of-fold means: the other folds' rows of its value, pulled toward the
    mean of all rows by SMOOTHING rows."""
    same = [j for j in range(len(colors)) if folds[j] != folds[i] and colors[j] == colors[i]]
    return (Y[same].sum(axis=0) + M * Y.mean(axis=0)) / (len(same) + M)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_training_row_s_means_are_the_other_folds_rows(data):
    n = data.draw(st.integers(2, 40), label="n")
    colors = data.draw(st.lists(st.sampled_from("abcdefg"), min_size=n, max_size=n))
    labels = data.draw(st.lists(st.sampled_from(["p", "q", "r"]), min_size=n, max_size=n))
    if len(set(labels)) < 2 or len(set(colors)) < 2:
        return
    enc = TableEncoder(max_categories=1, random_state=7)
    encoded = enc.fit_transform(_colors(colors), labels)
    classes = sorted(set(labels))
    Y = np.array([[float(label == c) for c in classes] for label in labels])
    Y = Y[:, 1:] if len(classes) == 2 else Y
    at = [k for k, name in enumerate(enc.get_feature_names_out()) if ".target" in name]
    assert enc.folds_ is not None and set(enc.folds_) <= set(range(5))
    for i in range(n):  # a row's own class is only in the mean of all rows, which all share
        np.testing.assert_allclose(encoded[i, at], _by_hand(colors, Y, enc.folds_, i),
                                   rtol=1e-12, atol=1e-15)
    full = enc.transform(_colors(colors))  # a later row's means are the fit's, its own in
    assert np.array_equal(full[:, :at[0]], encoded[:, :at[0]])


def test_a_rare_value_s_training_rows_do_not_mirror_their_fold():
    # Pulled toward the other folds' mean, a value seen once got a mean that is lower where
    # its fold's targets are higher: a slope a network learns, and never meets again.
    rng = np.random.default_rng(5)
    n = 60
    frame = _colors([f"v{i}" for i in range(n)])  # every value once: nothing to learn
    y = rng.normal(size=n)
    enc = TableEncoder(max_categories=1, target_type="continuous", categorical=["color"])
    encoded = enc.fit_transform(frame, y)
    j = list(enc.get_feature_names_out()).index("color.target_mean")
    assert np.ptp(encoded[:, j]) == 0  # one number, the same for every row


def test_fit_transform_is_out_of_fold_and_seeded():
    rng = np.random.default_rng(2)
    frame = _colors(rng.choice([f"v{i}" for i in range(60)], 500))
    y = rng.normal(size=500)
    a = TableEncoder(max_categories=10).fit_transform(frame, y)
    b = TableEncoder(max_categories=10).fit_transform(frame, y)
    c = TableEncoder(max_categories=10, random_state=1).fit_transform(frame, y)
    enc = TableEncoder(max_categories=10).fit(frame, y)
    j = list(enc.get_feature_names_out()).index("color.target_mean")
    assert np.array_equal(a, b) and not np.array_equal(a[:, j], c[:, j])
    full = enc.transform(frame)
    assert not np.allclose(a[:, j], full[:, j])
    np.testing.assert_array_equal(np.delete(a, j, axis=1), np.delete(full, j, axis=1))
    np.testing.assert_array_equal(enc.out_of_fold(full.copy()), a)
    with pytest.raises(ValueError, match="out_of_fold: 3 rows, but fit was given 500"):
        enc.out_of_fold(full[:3])


def test_the_means_are_plain_data_in_the_encoder_s_file():
    rng = np.random.default_rng(3)
    frame = _colors(rng.choice([f"v{i}" for i in range(60)] + [None], 300))
    enc = TableEncoder(max_categories=10).fit(frame, rng.normal(size=300))
    d = json.loads(json.dumps(enc.to_dict()))
    again = TableEncoder.from_dict(d)
    np.testing.assert_array_equal(again.transform(frame), enc.transform(frame))
    assert again.get_params() == enc.get_params()
    d["columns"][0]["target_means"]["values"].pop()
    with pytest.raises(ValueError, match=r"'color'\): target_means: values must be 60 lists"):
        TableEncoder.from_dict(d)
    old = enc.to_dict()  # a file from before the target means: no such parameters
    for key in ("target_means", "target_type", "random_state"):
        del old["params"][key]
    del old["columns"][0]["target_means"]
    assert TableEncoder.from_dict(old).target_means is True


def _shops(n=900, seed=0):
    """Inspections of 300 shops: each shop's own level, a year trend, a weekend flag."""
    rng = np.random.default_rng(seed)
    names = np.array([f"{w} {i}" for i, w in enumerate(
        rng.choice(["Cafe", "Diner", "Sushi", "Deli", "Grill", "Bakery"], 300))])
    level = rng.normal(0, 6, 300)
    shop = rng.integers(0, 300, n)
    year = rng.integers(2010, 2020, n)
    weekend = rng.random(n) < 0.3
    score = 85 + level[shop] + 0.5 * (year - 2015) - 2 * weekend + rng.normal(0, 1.5, n)
    return pd.DataFrame({"shop": names[shop], "year": year, "weekend": weekend,
                         "score": np.round(score, 1)})


def test_training_rows_get_out_of_fold_means_and_validation_rows_the_fit_s():
    frame = _shops()
    prepared = prepare_training(frame, "score", validation_fraction=0.2,
                                rng=np.random.default_rng(0))
    enc = prepared.encoder
    names = list(enc.get_feature_names_out())
    j = names.index("shop.target_mean")
    np.testing.assert_array_equal(prepared.X[:, j], enc.out_of_fold_["shop"][:, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # shops only in the validation rows
        val = enc.transform(frame.iloc[prepared.val_rows])
    np.testing.assert_array_equal(prepared.validation[0][:, j], val[:, j])
    # The shop's level shows through: the means follow the scores of held-out rows.
    r = np.corrcoef(prepared.validation[0][:, j], prepared.validation[1][:, 0])[0, 1]
    assert r > 0.6


def test_in_a_scikit_learn_pipeline_fit_is_out_of_fold():
    pytest.importorskip("sklearn")
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline

    frame = _shops()
    X, y = frame.drop(columns="score"), frame["score"]
    pipe = make_pipeline(TableEncoder(), Ridge()).fit(X.iloc[:700], y.iloc[:700])
    enc = pipe[0]
    assert "shop.target_mean" in enc.get_feature_names_out()
    assert _means(enc, "shop")["kind"] == "continuous"  # 0.1-point scores: numbers
    assert set(enc.out_of_fold_) == {"shop"}
    plain = make_pipeline(TableEncoder(target_means=False), Ridge()).fit(X.iloc[:700],
                                                                         y.iloc[:700])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # shops first seen in these rows
        held_out = pipe.score(X.iloc[700:], y.iloc[700:])
        assert held_out > plain.score(X.iloc[700:], y.iloc[700:]) + 0.1


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_onnx_runtime_gives_the_encoder_s_means(task):
    pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from glassnet.export import onnx_inputs, to_onnx
    from glassnet.tabular.presets import fit_table

    frame = _shops()
    if task == "classification":
        frame["score"] = np.where(frame["score"] > 88, "good", np.where(
            frame["score"] < 82, "poor", "fair"))
    frame.loc[::37, "shop"] = None
    model = fit_table(frame, "score", preset="fast", seed=0)
    assert any(".target_" in n for n in model.feature_names)
    new = pd.DataFrame({"shop": ["Cafe 0", "nowhere", None, "NA", "", frame["shop"].iloc[1]],
                        "year": 2015, "weekend": [True, False, True, False, True, False]})
    for rows in (frame, new):
        session = ort.InferenceSession(to_onnx(model).SerializeToString(),
                                       providers=["CPUExecutionProvider"])
        got = dict(zip([o.name for o in session.get_outputs()],
                       session.run(None, onnx_inputs(model, rows))))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unseen shops: counted
            want, outputs = model.predict(rows), model.outputs(rows)
        if task == "regression":
            np.testing.assert_allclose(got["predictions"].ravel(), want.ravel(), rtol=1e-12)
        else:
            assert got["label"].tolist() == want.tolist()
            np.testing.assert_allclose(got["probabilities"], outputs, rtol=1e-12, atol=1e-12)


def _run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_shows_uses_and_explains_them(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _shops().to_csv("shops.csv", index=False)
    code, out, err = _run(["train", "shops.csv", "--target", "score", "--preset", "fast"],
                          capsys)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("shop "))
    assert "mean + one-hot (" in row
    assert "each value's target mean tells them apart" in out
    code, out, err = _run(["info", "shops.glassnet", "--json"], capsys)
    assert code == 0, err
    assert "shop.target_mean" in json.loads(out)["features"]
    frame = _shops()
    frame.drop(columns="score").iloc[:5].to_csv("new.csv", index=False)
    code, out, err = _run(["predict", "shops.glassnet", "new.csv"], capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 6  # a header and five predictions
    code, out, err = _run(["explain", "--model", "shops.glassnet", "--data", "new.csv"], capsys)
    assert code == 0, err
    assert "shop.target_mean = " in out and "target's standard units" in out
    pd.DataFrame({"shop": ["Nowhere 1"], "year": [2015], "weekend": [False]}).to_csv(
        "odd.csv", index=False)
    code, out, err = _run(["explain", "--model", "shops.glassnet", "--data", "odd.csv"], capsys)
    assert code == 0, err
    assert "a value not seen in training: the mean of all training rows" in " ".join(out.split())
    assert "shop.target_mean = 0\n" in out  # (the prior: 0 in standard units)
    code, out, err = _run(["train", "shops.csv", "--target", "score", "--preset", "fast",
                           "--no-target-means", "--out", "plain.glassnet", "--json"], capsys)
    assert code == 0, err
    assert "target" not in next(c for c in json.loads(out)["columns"]
                                if c["name"] == "shop")["action"]



# --- a file read in chunks (stream_means.py) ---------------------------------------------------

def test_a_streamed_fit_learns_the_training_rows_means(tmp_path):
    from streamed import streamed_and_whole

    fitted, whole = streamed_and_whole(_shops(), "score", tmp_path / "shops.csv")
    a, b = _means(fitted.encoder, "shop"), _means(whole, "shop")
    assert (a["kind"], a["labels"]) == (b["kind"], b["labels"]) == ("continuous", ["mean"])
    for key in ("values", "missing", "prior"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-9, atol=1e-12)
    plan = next(p for p in fitted.encoder.plans_ if p.name == "shop")
    assert plan.action.startswith("mean + one-hot (")


def test_a_streamed_training_row_s_means_are_the_other_folds_rows(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import encode_chunk, fit_streaming
    from glassnet.tabular.stream_means import folds_of

    frame = _shops()
    frame["score"] = np.where(frame["score"] > 86, "good", "fair")
    frame.to_csv(tmp_path / "s.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "s.csv", 300), "score",
                           validation_fraction=0, infer_rows=900, seed=4)
    chunk = next(ChunkedTable(tmp_path / "s.csv", len(frame)).chunks())
    encoded = encode_chunk(chunk, fitted, np.float64, np.arange(len(frame)), training=True)[0]
    j = list(fitted.encoder.get_feature_names_out()).index("shop.target_share=good")
    folds = folds_of(np.arange(len(frame)), 4)
    assert set(folds) == set(range(5))
    Y = (frame["score"] == "good").to_numpy(float)[:, None]
    shops = frame["shop"].tolist()
    want = [_by_hand(shops, Y, folds, i)[0] for i in range(len(frame))]
    np.testing.assert_allclose(encoded[:, j], want, rtol=1e-12, atol=1e-15)


def test_train_stream_shows_and_uses_them(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _shops().to_csv("shops.csv", index=False)
    code, out, err = _run(["train", "shops.csv", "--target", "score", "--stream",
                           "--chunk-rows", "300", "--epochs", "3"], capsys)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("shop "))
    assert "mean + one-hot (" in row
    assert "each value's target mean tells them apart" in out
    _shops(seed=1).drop(columns="score").iloc[:4].to_csv("new.csv", index=False)
    code, out, err = _run(["predict", "shops.glassnet", "new.csv"], capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 5
    code, out, err = _run(["train", "shops.csv", "--target", "score", "--stream", "--chunk-rows",
                           "300", "--epochs", "12", "--patience", "2", "--learning-rate", "0.05",
                           "--out", "s2.glassnet", "--json"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    from glassnet.tabular import load_table_model

    history = load_table_model("s2.glassnet").info["history"]
    best = summary["best_epoch"]
    assert summary["train_r2"] == history["metric"][best - 1]  # the kept weights' epoch's


def test_what_would_pass_a_model_file_s_size_is_left_out(monkeypatch):
    import glassnet.tabular.target_means as target_means

    monkeypatch.setattr(target_means, "MAX_NUMBERS", 58)  # 59 values, one output: too many
    rng = np.random.default_rng(3)
    frame = _colors(rng.choice([f"v{i}" for i in range(60)], 300))
    enc = TableEncoder(max_categories=10).fit(frame, rng.normal(size=300))
    assert not any(".target" in n for n in enc.get_feature_names_out())
    assert enc.plans_[0].reason.endswith("; no target means: its 59 numbers (values × outputs) "
                                         "would pass the 58 a model keeps")


def test_targets_near_the_largest_float_and_odd_parameters():
    rng = np.random.default_rng(4)
    frame = _colors(rng.choice([f"v{i}" for i in range(60)], 300))
    y = rng.normal(size=300)
    plain = TableEncoder(max_categories=10).fit(frame, y)
    huge = TableEncoder(max_categories=10).fit(frame, y * 1e307)  # (its mean overflowed)
    np.testing.assert_allclose(_means(huge)["values"], _means(plain)["values"], rtol=1e-9,
                               atol=1e-12)
    with pytest.warns(UserWarning, match="y has missing or infinite values, so no column"):
        endless = TableEncoder(max_categories=10).fit(frame, np.where(y > 2, np.inf, y))
    assert not any(".target" in n for n in endless.get_feature_names_out())
    assert "missing or infinite values" in endless.plans_[0].reason
    as_frame = TableEncoder(max_categories=10).set_output(transform="pandas")
    out = as_frame.fit_transform(frame, y, dtype=np.float32)
    assert out["color.target_mean"].dtype == np.float32
    np.testing.assert_array_equal(out["color.target_mean"].to_numpy(),
                                  as_frame.out_of_fold_["color"][:, 0].astype(np.float32))
    with pytest.raises(ValueError, match="random_state must be a whole number"):
        TableEncoder(random_state=None).fit(frame, y)
    with pytest.raises(ValueError, match="target_type must be"):
        TableEncoder(target_type="numbers").fit(_colors(["a", "b", "a"]), [1.0, 2.0, 3.0])


def test_a_checkpoint_from_before_the_means_is_refused_with_the_option_that_resumes_it(
        tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _shops().to_csv("shops.csv", index=False)
    base = ["train", "shops.csv", "--target", "score", "--hidden", "8", "--epochs", "2",
            "--checkpoint-dir", "ck"]
    code, out, err = _run([*base, "--no-target-means"], capsys)  # as glassnet trained before
    assert code == 0, err
    code, out, err = _run([*base, "--resume"], capsys)
    assert code == 1
    assert "made with other data (or without target means: --no-target-means trains without " \
        "them)" in err
    code, out, err = _run([*base, "--no-target-means", "--resume", "--epochs", "3"], capsys)
    assert code == 0, err
    other = [*base[:-1], "ck2"]
    code, out, err = _run(other, capsys)  # with the means, then resumed without them
    assert code == 0, err
    code, out, err = _run([*other, "--resume", "--no-target-means"], capsys)
    assert code == 1
    assert "was made with other options (--no-target-means)" in err


def test_names_that_look_like_free_text_in_the_first_rows_are_categories_when_they_repeat(
        tmp_path):
    # A small --chunk-rows read the first 300 rows alone: every shop new there, free text;
    # over the file the 400 shops repeat, and a whole-table fit reads them as categories.
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(6)
    names = np.array([f"Shop {i}" for i in range(400)])
    shop = np.concatenate([np.arange(300), rng.integers(0, 400, 2700)])
    level = rng.normal(0, 5, 400)
    pd.DataFrame({"shop": names[shop], "x": rng.normal(size=3000).round(3),
                  "y": (level[shop] + rng.normal(size=3000)).round(2)}).to_csv(
        tmp_path / "first.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "first.csv", 300), "y",
                           validation_fraction=0.1, infer_rows=300)
    plan = next(p for p in fitted.encoder.plans_ if p.name == "shop")
    assert plan.kind == "categorical" and plan.action.startswith("mean + one-hot (")
    assert "shop.target_mean" in fitted.encoder.get_feature_names_out()
    assert any(n.startswith("column 'shop' looked like free text in the first rows (text "
                            "with spaces, one per row)") and "so it is categorical" in n
               for n in fitted.notes)
    col = next(c for c in fitted.encoder.columns_ if c["name"] == "shop")
    assert len(col["categories"]) + len(col["infrequent"]) > 390  # (of 400: the training rows')
    # Truly free text stays dropped.
    pd.DataFrame({"note": [f"note {i}" for i in range(3000)], "x": rng.normal(size=3000),
                  "y": rng.normal(size=3000)}).to_csv(tmp_path / "notes.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "notes.csv", 300), "y",
                           validation_fraction=0.1, infer_rows=300)
    assert fitted.encoder.plans_[0].action == "dropped: free text"


def test_streamed_codes_and_one_per_row_names_are_read_as_in_memory(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(8)
    codes = rng.choice(np.arange(10000, 99999), 400, replace=False)
    zips = np.concatenate([codes, rng.choice(codes, 4600)])
    skus = np.concatenate([np.arange(400), rng.integers(0, 400, 4600)])
    pd.DataFrame({"zip": zips, "sku": [f"SKU{i}" for i in skus], "y": rng.normal(size=5000)}
                 ).to_csv(tmp_path / "codes.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "codes.csv", 1000), "y",
                           validation_fraction=0.2, infer_rows=1000)
    plans = {p.name: p for p in fitted.encoder.plans_}
    # A code column keeps its reason, with no advice to read it as numbers.
    assert plans["zip"].reason.startswith("whole numbers named like a code (labels, not "
                                          "amounts); the 50 most frequent")
    assert not any("--numeric zip" in n for n in fitted.notes)
    # Text one per row in the first rows (an identifier there) that repeats over the file.
    assert plans["sku"].kind == "categorical"
    assert plans["sku"].action.startswith("mean + one-hot (")


def test_a_target_of_one_class_has_no_shares_and_says_so():
    frame = _colors(np.random.default_rng(9).choice([f"v{i}" for i in range(60)], 300))
    enc = TableEncoder(max_categories=10).fit(frame, np.zeros(300, dtype=int))
    assert enc.plans_[0].reason.endswith("; no target means: the target has one class only")


def test_a_streamed_code_column_of_nearly_one_code_per_row_at_first_is_labels_at_the_end(
        tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(10)
    codes = rng.choice(np.arange(10000, 99999), 900, replace=False)
    zips = np.concatenate([codes, rng.choice(codes, 4100)])  # the first 1,000 rows: 900 codes
    frame = pd.DataFrame({"zip": zips, "y": rng.normal(size=5000)})
    frame.to_csv(tmp_path / "zips.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "zips.csv", 1000), "y",
                           validation_fraction=0.2, infer_rows=1000)
    plan = fitted.encoder.plans_[0]
    assert (plan.kind, plan.action[:16]) == ("categorical", "mean + one-hot (")
    assert any(n.startswith("column 'zip' held nearly one code per row in the first rows")
               for n in fitted.notes)
    whole = TableEncoder(target="y").fit(frame, frame["y"])  # as in memory
    assert whole.plans_[0].kind == "categorical"


def test_a_streamed_id_that_repeats_is_a_key_counted_over_the_file(tmp_path):
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(11)
    users = np.concatenate([np.arange(1000) % 50, rng.permutation(np.arange(4000) % 100)])
    frame = pd.DataFrame({"user_id": users, "y": rng.normal(size=5000)})
    frame.to_csv(tmp_path / "users.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "users.csv", 1000), "y",
                           validation_fraction=0.2, infer_rows=1000)
    plan = fitted.encoder.plans_[0]
    assert (plan.kind, plan.action) == ("categorical", "one-hot (100 categories)")
    assert plan.reason.startswith("named like an id, but its 100 values repeat over 4,000 "
                                  "rows: a key to group by")  # (the training rows: 50 at first)
    assert not any("user_id" in n for n in fitted.notes)
    # Keys in the first rows, nearly one a row over the file: said, and how to drop it.
    users = np.concatenate([rng.integers(0, 200, 1000), np.arange(1000, 5000)])
    frame = pd.DataFrame({"user_id": users, "x": rng.normal(size=5000),
                          "y": rng.normal(size=5000)})
    frame.to_csv(tmp_path / "once.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "once.csv", 1000), "y",
                           validation_fraction=0.2, infer_rows=1000)
    assert fitted.encoder.plans_[0].kind == "categorical"
    assert any(n.startswith("column 'user_id' holds ") and "fewer than 3 a value" in n
               and n.endswith("a whole-table fit drops it: pass --drop user_id to do so")
               for n in fitted.notes)
    assert TableEncoder(target="y").fit(frame, frame["y"]).plans_[0].kind == "dropped"


def test_a_streamed_id_nearly_unique_at_first_that_repeats_over_the_file_is_a_key(tmp_path):
    """The review: 5,000 users twice each in the first 10,000 rows, then the same users again:
    a whole fit keeps user_id as a key, a streamed one dropped it without a word."""
    from glassnet.tabular.stream import ChunkedTable
    from glassnet.tabular.stream_fit import fit_streaming

    rng = np.random.default_rng(12)
    users = np.concatenate([np.arange(10_000) // 2, rng.integers(0, 5000, 20_000)])
    frame = pd.DataFrame({"user_id": users, "x": rng.normal(size=30_000),
                          "y": rng.normal(size=30_000)})
    frame.to_csv(tmp_path / "users.csv", index=False)
    fitted = fit_streaming(ChunkedTable(tmp_path / "users.csv", 5000), "y",
                           validation_fraction=0.2, infer_rows=5000)
    plan = fitted.encoder.plans_[0]
    assert plan.kind == "categorical" and plan.reason.startswith("named like an id, but its ")
    assert any(n.startswith("column 'user_id' held nearly one value per row in the first rows")
               and n.endswith("a key to group by (--drop user_id leaves it out)")
               for n in fitted.notes)
    assert TableEncoder(target="y").fit(frame, frame["y"]).plans_[0].kind == "categorical"
