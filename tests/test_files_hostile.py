"""Hostile model files: limits before trust, and one kind of error for every bad file."""

import copy
import functools
import hashlib
import io
import json
import re
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import glassnet
from glassnet import ModelFormatError, Network, Trainer
from glassnet.files import load_file, save
from glassnet.files.checkpoints import load_checkpoint, save_checkpoint, snapshot

MB = 2**20


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _write(path, members, compression=zipfile.ZIP_DEFLATED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate names we plant
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _model(tmp_path):
    net = Network([3, 4, 2], activation="tanh", output_activation="softmax", seed=0)
    return save(net, tmp_path / "m.glassnet", arrays={"scaler.mean": np.arange(3.0)})


def _checkpoint(tmp_path):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 3)), rng.integers(0, 2, size=20)
    net = Network([3, 4, 2], activation="tanh", output_activation="softmax", seed=1)
    trainer = Trainer(net, X, np.eye(2)[y], loss="cross_entropy", optimizer="adam",
                      learning_rate=0.01, seed=2, validation_fraction=0.25,
                      early_stopping=True)
    trainer.run_epoch()
    return save_checkpoint(tmp_path / "ck.glassnet", net, snapshot(net, trainer),
                           fingerprint="f", options={"seed": 2})


def _with_metadata(members, edit):
    try:
        meta = json.loads(dict(members)["metadata.json"])
        assert isinstance(meta, dict)
    except (KeyError, ValueError, AssertionError):  # already broken by another mutation
        return members
    edit(meta)
    return [(n, json.dumps(meta).encode() if n == "metadata.json" else d) for n, d in members]


def _bomb(path, n=300_000_000):
    """A 1 KB file whose metadata and .npy header both declare an array of 2.4 GB."""
    header = _npy(np.zeros(0))
    header = header.replace(b"(0,)", f"({n},)".encode()).replace(b" " * 8, b"", 1)
    blob = header + b"\0" * 64
    meta = {"format": "glassnet-model", "format_version": 1,
            "architecture": {"sizes": [1, 1], "activations": ["identity"], "use_bias": [False],
                             "dtype": "float64"},
            "arrays": {"layers.0.weights": {"file": "arrays/layers.0.weights.npy",
                                            "shape": [n], "dtype": "float64",
                                            "sha256": hashlib.sha256(blob).hexdigest()}}}
    return _write(path, [("metadata.json", json.dumps(meta)),
                         ("arrays/layers.0.weights.npy", blob)])


def _peak(load, path):
    tracemalloc.start()
    try:
        with pytest.raises(ModelFormatError) as info:
            load(path)
        return tracemalloc.get_traced_memory()[1], str(info.value)
    finally:
        tracemalloc.stop()


def _aliased(path, tmp_path):
    """Two members whose directory entries point at the same compressed bytes."""
    good = _model(tmp_path)
    with zipfile.ZipFile(good) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    raw = bytearray(good.read_bytes())
    target = infos["arrays/layers.0.bias.npy"]
    source = infos["arrays/layers.1.bias.npy"]
    # Central directory entries keep the local header offset at byte 42.
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"arrays/layers.1.bias.npy"))
    raw[central + 42:central + 46] = target.header_offset.to_bytes(4, "little")
    assert source.header_offset != target.header_offset
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("craft, message", [
    (lambda p, t: _bomb(p), "declares .* bytes; shape"),
    (lambda p, t: _write(p, [("metadata.json", b" " * (17 * MB))]), "metadata.json declares"),
    (lambda p, t: _write(p, _members(_model(t)) + [("arrays/layers.0.bias.npy", b"x")]),
     "appears twice"),
    (lambda p, t: _write(p, _members(_model(t)) + [("evil.py", b"import os")]),
     "unexpected member 'evil.py'"),
    (_aliased, "overlap|differ"),
])
def test_a_crafted_file_is_refused_before_anything_large_is_allocated(tmp_path, craft, message):
    path = craft(tmp_path / "bad.glassnet", tmp_path)
    assert path.stat().st_size < 64 * 1024
    peak, text = _peak(glassnet.load, path)
    assert peak < 4 * MB, peak
    assert str(path) in text
    assert re.search(message, text), text


def test_the_total_limit_is_a_keyword_of_load(tmp_path):
    net = Network([200, 200, 10], seed=0)  # 322 KB of weights
    path = save(net, tmp_path / "big.glassnet")
    with pytest.raises(ModelFormatError, match="over the limit of 100000"):
        glassnet.load(path, max_bytes=100_000)
    with pytest.raises(ModelFormatError, match="over the limit"):
        load_checkpoint(path, max_bytes=100_000)
    assert glassnet.load(path, max_bytes=400_000).sizes == [200, 200, 10]
    with pytest.raises(ValueError, match="max_bytes must be a positive integer"):
        load_file(path, max_bytes=0)


def test_metadata_with_nan_or_a_list_for_dtype_is_a_format_error(tmp_path):
    path = _model(tmp_path)
    for edit, message in [(lambda m: m["architecture"].update(dtype=[]), "dtype"),
                          (lambda m: m.update(loss=float("nan")), "NaN is not a JSON number"),
                          (lambda m: m["arrays"]["layers.0.bias"].update(file="metadata.json"),
                           "its file must be"),
                          # trial 28: a "nan" slope loaded, and the model predicted NaN
                          (lambda m: m["architecture"]["activations"].__setitem__(
                              0, {"name": "leaky_relu", "slope": "nan"}),
                           "slope must be a finite number of at most 1e6 in size, not 'nan'"),
                          (lambda m: m["architecture"]["activations"].__setitem__(
                              0, {"name": "leaky_relu", "slope": 1e308}), "not 1e\\+308"),
                          (lambda m: m["architecture"].update(sizes=[1] * 4002),  # trial 28
                           "architecture of 4,001 layers; a model holds at most 1,000"),
                          (lambda m: m.update(format_version="1"),
                           "format version '1' is not supported"),
                          (lambda m: m.update(format_version=2**70),
                           "format version 1180591620717411303424 is not"),
                          (lambda m: m["architecture"]["activations"].__setitem__(0, [1, 2]),
                           "layer 0: its activation is list, not a name")]:
        bad = _write(tmp_path / "bad.glassnet", _with_metadata(_members(path), edit))
        with pytest.raises(ModelFormatError, match=message):
            load_file(bad)


@pytest.mark.parametrize("field, value, message", [
    ("learning_rate", -0.1, "learning rate -0.1 is not positive"),
    ("learning_rate", 0, "learning rate 0 is not positive"),
    ("epoch", -1, "epoch -1 is not a count"),
    ("epoch", 1.5, "epoch 1.5 is not a count"),
    ("epochs_without_gain", None, "epochs_without_gain None is not a count"),
    ("history", {"loss": "x"}, "history is malformed"),
    ("rng", {"bit_generator": "os.system"}, "random generator's state is malformed"),
])
def test_checkpoint_hyperparameters_are_checked_like_user_input(tmp_path, field, value,
                                                                message):
    members = _members(_checkpoint(tmp_path))
    bad = _write(tmp_path / "bad.glassnet",
                 _with_metadata(members, lambda m: m["trainer"].update({field: value})))
    with pytest.raises(ModelFormatError, match=message):
        load_checkpoint(bad)


def test_optimizer_state_of_the_wrong_shape_is_refused(tmp_path):
    members = _members(_checkpoint(tmp_path))
    name = next(n for n, _ in members if n.startswith("arrays/optimizer/"))
    key = name[len("arrays/"):-len(".npy")]
    blob = _npy(np.zeros(7))

    def edit(meta):
        meta["arrays"][key].update(shape=[7], sha256=hashlib.sha256(blob).hexdigest())
    members = [(n, blob if n == name else d) for n, d in _with_metadata(members, edit)]
    with pytest.raises(ModelFormatError, match="does not match a parameter"):
        load_checkpoint(_write(tmp_path / "bad.glassnet", members))


# --- the property: any mutation is refused with ModelFormatError or loads ----------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)
_MODEL_PATHS = [("format",), ("format_version",), ("architecture",),
                ("architecture", "sizes"), ("architecture", "sizes", 0),
                ("architecture", "sizes", 1), ("architecture", "activations"),
                ("architecture", "activations", 0), ("architecture", "activations", 0, "name"),
                ("architecture", "use_bias"), ("architecture", "use_bias", 0),
                ("architecture", "dtype"), ("arrays",), ("arrays", "layers.0.weights"),
                *[("arrays", a, f) for a in ("layers.0.weights", "layers.1.bias")
                  for f in ("file", "shape", "dtype", "sha256")],
                ("arrays", "layers.0.weights", "shape", 0)]
_CHECKPOINT_PATHS = _MODEL_PATHS + [("kind",), ("fingerprint",), ("options",), ("trainer",),
                                    *[("trainer", k) for k in (
                                        "epoch", "rng", "learning_rate", "history",
                                        "best_score", "epochs_without_gain",
                                        "optimizer_steps")],
                                    ("trainer", "rng", "state"),
                                    ("trainer", "rng", "bit_generator"),
                                    ("trainer", "history", "loss"),
                                    ("trainer", "history", "best_epoch")]


def _apply(meta, path, value, delete):
    node = meta
    for key in path[:-1]:
        if isinstance(node, dict) and key in node or isinstance(node, list) and \
                isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return
    last = path[-1]
    if isinstance(node, dict) or isinstance(node, list) and isinstance(last, int) and \
            last < len(node):
        if delete and isinstance(node, dict):
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)


def _mutation(paths):
    meta = st.tuples(st.just("meta"), st.sampled_from(paths), _JSON, st.booleans())
    return st.one_of(
        meta, meta, meta,
        st.tuples(st.just("drop"), st.integers(0, 50)),
        st.tuples(st.just("duplicate"), st.integers(0, 50)),
        st.tuples(st.just("extra"), st.sampled_from(["x.npy", "arrays/x.npy", "../x"])),
        st.tuples(st.just("bytes"), st.integers(0, 50), st.integers(0, 10_000),
                  st.integers(0, 255), st.booleans()),
        st.tuples(st.just("file"), st.integers(0, 100_000), st.integers(0, 255)),
    )


def _mutate(members, mutations, path):
    """Apply the mutations to the members, then write them (or the whole file's bytes)."""
    file_edits = []
    for mutation in mutations:
        kind, *args = mutation
        if kind == "meta":
            spot, value, delete = args
            members = _with_metadata(members, functools.partial(
                _apply, path=spot, value=value, delete=delete))
        elif kind == "drop" and members:
            members = members[:args[0] % len(members)] + members[args[0] % len(members) + 1:]
        elif kind == "duplicate" and members:
            members = members + [members[args[0] % len(members)]]
        elif kind == "extra":
            members = members + [(args[0], _npy(np.zeros(2)))]
        elif kind == "bytes" and members:
            index, position, value, resign = args
            name, data = members[index % len(members)]
            if data:
                data = bytearray(data)
                data[position % len(data)] = value
                data = bytes(data)
                members = [(n, data if n == name else d) for n, d in members]
                key = name[len("arrays/"):-len(".npy")]
                if resign and name.startswith("arrays/"):
                    members = _with_metadata(members, functools.partial(
                        _apply, path=("arrays", key, "sha256"),
                        value=hashlib.sha256(data).hexdigest(), delete=False))
        elif kind == "file":
            file_edits.append(args)
    _write(path, members)
    if file_edits:
        raw = bytearray(path.read_bytes())
        for position, value in file_edits:
            raw[position % len(raw)] = value
        path.write_bytes(bytes(raw))
    return path


@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(mutations=st.lists(_mutation(_MODEL_PATHS), min_size=1, max_size=3))
def test_any_mutated_model_file_loads_or_is_a_model_format_error(tmp_path, mutations):
    good = tmp_path / "good.glassnet"
    if not good.exists():
        _model(tmp_path).rename(good)
    path = _mutate(_members(good), mutations, tmp_path / "bad.glassnet")
    try:
        saved = load_file(path)
    except ModelFormatError:
        event("refused")
        return
    event("loaded")
    saved.network.predict(np.zeros((2, saved.network.n_inputs)))


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(mutations=st.lists(_mutation(_CHECKPOINT_PATHS), min_size=1, max_size=3))
def test_any_mutated_checkpoint_loads_or_is_a_model_format_error(tmp_path, mutations):
    good = tmp_path / "good.glassnet"
    if not good.exists():
        _checkpoint(tmp_path).rename(good)
    path = _mutate(_members(good), mutations, tmp_path / "bad.glassnet")
    try:
        saved = load_checkpoint(path)
    except ModelFormatError:
        event("refused")
        return
    event("loaded")
    # What loads must resume: the state is usable by the trainer.
    net = saved.network
    rng = np.random.default_rng(0)
    trainer = Trainer(net, rng.normal(size=(8, net.n_inputs)),
                      np.eye(net.n_outputs)[rng.integers(0, net.n_outputs, 8)],
                      loss="cross_entropy", optimizer="adam", learning_rate=0.01, seed=2,
                      validation_fraction=0.25, early_stopping=True)
    trainer.load_state_dict(saved.trainer_state)
    assert trainer.optimizer.learning_rate > 0
