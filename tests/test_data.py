import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet import (
    Standardizer,
    accuracy,
    confusion_matrix,
    mean_squared_error,
    one_hot,
    r2_score,
    train_test_split,
)
from glassnet.data import validation_split


def test_split_sizes_rows_and_seed():
    X, y = np.arange(40).reshape(20, 2), np.arange(20)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=0)
    assert X_train.shape == (15, 2) and X_test.shape == (5, 2)
    np.testing.assert_array_equal(X_train[:, 0] // 2, y_train)  # rows stay together
    assert sorted(np.concatenate([y_train, y_test])) == list(range(20))
    again = train_test_split(X, y, test_size=0.25, seed=0)
    np.testing.assert_array_equal(again[3], y_test)
    assert not np.array_equal(train_test_split(X, y, test_size=0.25, seed=1)[3], y_test)
    last = train_test_split(X, y, test_size=3, shuffle=False)
    np.testing.assert_array_equal(last[3], [17, 18, 19])


def test_stratified_split_keeps_proportions():
    y = np.array([0] * 60 + [1] * 30 + [2] * 10)
    _, y_test = train_test_split(y, test_size=0.2, stratify=y, seed=3)
    assert np.bincount(y_test).tolist() == [12, 6, 2]


@pytest.mark.parametrize("size", [0, 1.0, 20, -1, "a"])
def test_bad_test_size(size):
    with pytest.raises(ValueError, match="test_size must be"):
        train_test_split(np.arange(20), test_size=size)


@given(n=st.integers(1, 200), fraction=st.floats(0, 0.99), seed=st.integers(0, 2**32 - 1),
       n_classes=st.sampled_from([None, 1, 2, 5]))
def test_validation_split_is_disjoint_covering_and_sized(n, fraction, seed, n_classes):
    labels = None if n_classes is None else np.arange(n) * 7 % n_classes
    n_val = int(round(fraction * n))
    rng = np.random.default_rng(seed)
    if (fraction and n_val < 1) or n_val >= n:
        with pytest.raises(ValueError, match="validation_fraction="):
            validation_split(n, fraction, rng, stratify=labels)
        return
    train, val = validation_split(n, fraction, rng, stratify=labels)
    assert len(val) == n_val and len(train) == n - n_val
    assert np.intersect1d(train, val).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, val])), np.arange(n))
    if labels is not None and n_val:
        # Each class gives its share of the validation rows, within one row.
        for k in range(n_classes):
            share = n_val * np.mean(labels == k)
            assert abs(np.sum(labels[val] == k) - share) < 1


def test_validation_split_holds_out_the_first_rows_of_a_permutation():
    train, val = validation_split(10, 0.3, np.random.default_rng(4))
    order = np.random.default_rng(4).permutation(10)
    np.testing.assert_array_equal(val, order[:3])
    np.testing.assert_array_equal(train, order[3:])
    y = np.array([0] * 60 + [1] * 30 + [2] * 10)
    _, val = validation_split(100, 0.2, np.random.default_rng(3), stratify=y)
    assert np.bincount(y[val]).tolist() == [12, 6, 2]
    train, val = validation_split(5, 0.0, np.random.default_rng(0))  # nothing held out
    assert len(val) == 0 and sorted(train) == [0, 1, 2, 3, 4]


def test_validation_split_names_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"validation_fraction must be in \[0, 1\), got 1.0"):
        validation_split(10, 1.0, rng)
    with pytest.raises(ValueError, match="validation_fraction=0.01 holds out fewer than one "
                                         "of 20 rows"):
        validation_split(20, 0.01, rng)
    with pytest.raises(ValueError, match="validation_fraction=0.9 leaves no training data"):
        validation_split(2, 0.9, rng)
    with pytest.raises(ValueError, match=r"stratify must have shape \(10,\)"):
        validation_split(10, 0.2, rng, stratify=[0, 1])


def test_one_hot():
    np.testing.assert_array_equal(one_hot(["b", "a", "b"]), [[0, 1], [1, 0], [0, 1]])
    np.testing.assert_array_equal(one_hot([2, 0], classes=[2, 1, 0]), [[1, 0, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match="label 5 is not one of the classes"):
        one_hot([5], classes=[0, 1])


def test_standardizer():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    scaler = Standardizer().fit(X)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z[:, 0], [-1.224744871391589, 0, 1.224744871391589])
    np.testing.assert_array_equal(Z[:, 1], 0)  # constant column: no division by zero
    np.testing.assert_allclose(scaler.inverse_transform(Z), X)
    assert scaler.transform(X, dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError, match="X must have 2 columns"):
        scaler.transform(np.ones((2, 3)))


def test_metrics():
    assert accuracy([1, 0, 1, 1], [1, 1, 1, 0]) == 0.5
    assert mean_squared_error([1.0, 2.0], [1.0, 4.0]) == 2.0
    assert r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0
    assert r2_score([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]) == 0.0
    np.testing.assert_array_equal(confusion_matrix(["a", "b", "a"], ["a", "a", "a"]),
                                  [[2, 0], [1, 0]])
    with pytest.raises(ValueError, match="y_true has 2 samples but y_pred has 3"):
        accuracy([1, 0], [1, 0, 1])


def test_standardizer_of_values_near_the_float_limit_stays_finite():
    from glassnet.data import Standardizer

    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    ordinary = Standardizer().fit(X)
    assert np.array_equal(ordinary.mean_, X.mean(axis=0))  # bit for bit as before
    assert np.array_equal(ordinary.scale_, X.std(axis=0))
    X[0, 1] = 1e300  # its square overflows
    s = Standardizer().fit(X)
    assert np.isfinite(s.mean_).all() and np.isfinite(s.scale_).all()
    assert s.mean_[1] == pytest.approx(1e300 / 50, rel=1e-12)
    assert s.scale_[1] == pytest.approx(1e300 * np.sqrt(49) / 50, rel=1e-12)
