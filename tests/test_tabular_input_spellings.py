"""An input column's categories written alike are one category (class_names.merged_spellings):
"Automatic", "automatic" and "AUTOMATIC" in a cars table (trial 41) are one one-hot input,
in memory and streamed, with their target means, in the saved encoder and in ONNX."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glassnet.tabular import TableEncoder
from glassnet.tabular.class_names import merged_spellings, spelled
from glassnet.tabular.presets import fit_table


def _word(i):
    """A name without a digit (a code with one keeps its letter case): 7 is "Balo"."""
    syllables = ["ba", "co", "di", "fu", "ga", "he", "ki", "lo", "mu", "ne", "po"]
    return syllables[i // 11].title() + syllables[i % 11]


def _shops(n=900, seed=0):
    """Inspections of 120 shops whose names are typed in three letter cases; each shop its
    own level."""
    rng = np.random.default_rng(seed)
    names = np.array([f"Shop {_word(i)}" for i in range(120)])
    level = rng.normal(0, 6, 120)
    shop = rng.integers(0, 120, n)
    case = rng.choice(3, n, p=[0.6, 0.25, 0.15])  # as named, upper case, lower case
    typed = [[str, str.upper, str.lower][c](names[s]) for c, s in zip(case, shop)]
    score = 85 + level[shop] + rng.normal(0, 1.5, n)
    return pd.DataFrame({"shop": typed, "x": rng.normal(size=n), "score": np.round(score, 1)})


def test_merged_spellings_adds_rows_under_the_commonest_spelling():
    counts, spellings = merged_spellings({"Automatic": 5, "automatic": 3, "AUTOMATIC": 1,
                                          "Manual": 2, "MBps": 4, "Mbps": 4}, {"MBps", "Mbps"})
    assert counts == {"Automatic": 9, "Manual": 2, "MBps": 4, "Mbps": 4}
    assert spellings == {"Automatic": ["AUTOMATIC", "automatic"]}
    col = {"spellings": spellings}
    assert spelled({"Automatic": 0, "Manual": 1}, col) == {
        "Automatic": 0, "Manual": 1, "AUTOMATIC": 0, "automatic": 0}
    assert spelled({"Manual": 1}, col) == {"Manual": 1}  # (its category not in the table)
    assert spelled({"a": 0}, {}) == {"a": 0}


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text("aAbB. ", min_size=1, max_size=4), st.integers(1, 50),
                       min_size=1, max_size=12))
def test_merging_keeps_every_row_and_each_spelling_once(counts):
    merged, spellings = merged_spellings(counts)
    assert sum(merged.values()) == sum(counts.values())
    others = [o for v in spellings.values() for o in v]
    assert sorted([*merged, *others]) == sorted(counts)  # every text: a category or a spelling
    for spelling, more in spellings.items():
        group = [spelling, *more]
        assert counts[spelling] == max(counts[t] for t in group)
        assert merged[spelling] == sum(counts[t] for t in group)


def test_an_encoder_makes_one_input_per_category_and_keeps_its_spellings():
    frame = _shops()
    encoder = TableEncoder(target="score").fit(frame, frame["score"])
    col = next(c for c in encoder.columns_ if c["name"] == "shop")
    assert len(col["categories"]) + len(col["infrequent"]) == 120
    assert col["spellings"]["Shop Balo"] == ["SHOP BALO", "shop balo"]
    rows = pd.DataFrame({"shop": ["Shop Balo", "SHOP BALO", "shop balo", "Shop Bamu"],
                         "x": 0.0})
    X = encoder.transform(rows)
    np.testing.assert_array_equal(X[0], X[1])
    np.testing.assert_array_equal(X[0], X[2])
    assert not np.array_equal(X[0], X[3])
    means = col["target_means"]  # (one mean for all three spellings' rows)
    assert len(means["values"]) == 120
    again = TableEncoder.from_dict(encoder.to_dict())
    np.testing.assert_array_equal(again.transform(rows), X)


@pytest.mark.parametrize("spellings, problem", [
    ({"Shop Zuzu": ["x"]}, "spellings must map categories"),
    ({"Shop Balo": ["Shop Bamu"]}, "spellings must map categories"),
    ({"Shop Balo": ["a"], "Shop Bamu": ["a"]}, "each text once"),
    ({"Shop Balo": "SHOP BALO"}, "lists of texts"),
    (["Shop Balo"], "lists of texts")])
def test_a_file_s_bad_spellings_are_refused_by_name(spellings, problem):
    frame = _shops()
    state = TableEncoder(target="score").fit(frame, frame["score"]).to_dict()
    col = next(c for c in state["columns"] if c["name"] == "shop")
    col["spellings"] = spellings
    with pytest.raises(ValueError, match=f"'shop'.*{problem}"):
        TableEncoder.from_dict(state)


def test_codes_with_digits_and_a_few_twins_among_many_values_stay_apart():
    """The review: gene symbols (BRCA1 and Brca1; MYC and Myc), SKUs (AB-1a and AB-1A)."""
    counts = {"BRCA1": 9, "Brca1": 8, "AB-1a": 5, "AB-1A": 5, "Tp53": 3, "TP53": 3}
    assert merged_spellings(counts) == (counts, {})
    # the second review: short words in capitals, rarer than their other spelling, are one;
    # and one stray spelling among many values is its value
    assert merged_spellings({"Male": 30, "MALE": 6, "Female": 30, "FEMALE": 5})[1] == {
        "Female": ["FEMALE"], "Male": ["MALE"]}
    assert merged_spellings({"Paris": 6, "paris": 1, "London": 6, "Rome": 6})[1] == {
        "Paris": ["paris"]}
    sloppy = {"Automatic": 9, "automatic": 4, "Manual": 6, "MANUAL": 2, "CVT": 3}
    assert merged_spellings(sloppy)[1] == {"Automatic": ["automatic"], "Manual": ["MANUAL"]}
    # in a column typed by careless hands, two letters in another case are one too
    brands = {"Apple": 9, "APPLE": 3, "Dell": 5, "dell": 2, "HP": 4, "hp": 3, "Lenovo": 2}
    assert merged_spellings(brands)[1] == {"Apple": ["APPLE"], "Dell": ["dell"], "HP": ["hp"]}
    assert merged_spellings({"AA": 5, "Aa": 5, "aa": 5})[1] == {}  # (genotypes: no noise)


def test_gene_symbols_and_a_requested_column_keep_their_letter_case():
    """Trial 43: human MYC and mouse Myc, each 100 rows and more, were merged; and
    --categorical, which should keep a column's values as written, did not stop it."""
    genes = {g: 120 for g in ["MYC", "Myc", "KRAS", "Kras", "PTEN", "Pten", "EGFR", "Egfr"]}
    assert merged_spellings(genes)[1] == {}
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"trans": rng.choice(["Automatic", "automatic", "Manual"], 300),
                          "y": rng.normal(size=300)})
    merged = TableEncoder(target="y").fit(frame, frame["y"]).columns_[0]
    kept = TableEncoder(target="y", categorical=["trans"]).fit(frame, frame["y"]).columns_[0]
    assert "spellings" in merged and len(merged["categories"]) == 2
    assert "spellings" not in kept and len(kept["categories"]) == 3
    encoder = TableEncoder(target="y").fit(frame, frame["y"])
    X = encoder.transform(pd.DataFrame({"trans": ["AUTOMATIC", "manual"]}))  # (never seen)
    names = [n.casefold() for n in encoder.get_feature_names_out()]
    assert X[0, names.index("trans=automatic")] == 1 == X[1, names.index("trans=manual")]
    assert X.sum() == 2


def test_short_codes_and_units_stay_apart():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"gene": rng.choice(["AA", "Aa", "aa"], 300),
                          "unit": rng.choice(["mmHg", "MMHG", "inHg"], 300),
                          "x": rng.normal(size=300)})
    encoder = TableEncoder().fit(frame, rng.normal(size=300))
    for col in encoder.columns_[:2]:
        assert "spellings" not in col and len(col["categories"]) == 3


def test_a_model_predicts_alike_for_each_spelling_and_onnx_agrees():
    frame = _shops()
    model = fit_table(frame, "score", preset="fast", seed=0)
    assert any("shop: values written alike are one category" in n
               for n in model.info["notes"])
    col = next(c for c in model.encoder.columns_ if c["name"] == "shop")
    spellings = col["spellings"]["Shop Bafu"]
    assert "SHOP BAFU" in spellings and "shop bafu" not in spellings
    rows = pd.DataFrame({"shop": ["Shop Bafu", "SHOP BAFU", "shop bafu", "sHoP bAfU", "Shop Zuzu"],
                         "x": 0.5})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        predicted = model.predict(rows).ravel()
    said = " ".join(str(w.message) for w in caught)
    assert "1 row (index 4) with unseen values ('Shop Zuzu')" in said, said
    # "shop bafu" and "sHoP bAfU", never seen in training, are alike to "Shop Bafu": its category
    assert predicted[0] == predicted[1] == predicted[2] == predicted[3] != predicted[4]
    pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from glassnet.export import onnx_inputs, to_onnx

    session = ort.InferenceSession(to_onnx(model).SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    seen = rows.iloc[[0, 1, 4]]  # (spellings training saw; ONNX folds no letter case)
    got = session.run(None, onnx_inputs(model, seen))[0].ravel()
    np.testing.assert_allclose(got, predicted[[0, 1, 4]], rtol=1e-12)


def test_a_streamed_fit_makes_the_same_categories(tmp_path):
    from streamed import streamed_and_whole

    fitted, whole = streamed_and_whole(_shops(), "score", tmp_path / "shops.csv")
    a, b = (next(c for c in e.columns_ if c["name"] == "shop") for e in (fitted.encoder, whole))
    assert (a["categories"], a["infrequent"], a["spellings"]) == (
        b["categories"], b["infrequent"], b["spellings"])
    np.testing.assert_allclose(a["target_means"]["values"], b["target_means"]["values"],
                               rtol=1e-9)
    assert any("shop: values written alike are one category" in n for n in fitted.notes)
    plans = [next(p for p in e.plans_ if p.name == "shop") for e in (fitted.encoder, whole)]
    assert plans[0].to_dict() == plans[1].to_dict()
    assert plans[0].n_distinct == 120 and "; 120 once values written alike are one" in \
        plans[0].reason


def test_the_column_table_counts_the_categories_not_the_spellings():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"type": rng.choice(["House", "house", "HOUSE", "Condo", "condo"],
                                             300), "y": rng.normal(size=300)})
    plan = TableEncoder(target="y").fit(frame, frame["y"]).plans_[0]
    assert plan.action == "one-hot (2 categories)"
    assert plan.reason == "text, 5 distinct values; 2 once values written alike are one"
