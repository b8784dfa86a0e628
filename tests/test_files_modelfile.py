import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glassnet
from glassnet import ModelFormatError, Network
from glassnet.files import atomic_write, load_file, save


def sample_network(dtype=np.float64, seed=0):
    net = Network([4, 6, 3], activation=["leaky_relu"], output_activation="softmax", seed=seed,
                  dtype=dtype)
    net.layers[0].activation = glassnet.activations.get("leaky_relu", slope=0.2)
    net.layers[0].bias[...] = np.random.default_rng(seed).normal(size=6)
    return net


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_then_load_is_bit_identical(tmp_path, dtype):
    net = sample_network(dtype)
    path = glassnet.save(net, tmp_path / "m.glassnet", metadata={"note": "hello"},
                         arrays={"scaler.mean": np.arange(4.0)})
    saved = load_file(path)
    for key, value in net.parameters().items():
        loaded = saved.network.parameters()[key]
        assert loaded.dtype == value.dtype and loaded.tobytes() == value.tobytes()
    X = np.random.default_rng(1).normal(size=(5, 4))
    assert saved.network.predict(X).tobytes() == net.predict(X).tobytes()
    assert saved.network.layers[0].activation.params == {"slope": 0.2}
    assert saved.metadata["note"] == "hello"
    np.testing.assert_array_equal(saved.arrays["scaler.mean"], np.arange(4.0))
    assert glassnet.load(path).sizes == [4, 6, 3]


def test_no_bias_network_round_trips(tmp_path):
    net = glassnet.tutorial.worked_example_network()
    loaded = glassnet.load(glassnet.save(net, tmp_path / "t.glassnet"))
    assert all(layer.bias is None for layer in loaded.layers)
    assert round(float(loaded.predict([1, 0, 1])[0]), 12) == 0.771120127522


def test_the_file_is_a_zip_of_json_and_npy(tmp_path):
    path = glassnet.save(sample_network(), tmp_path / "m.glassnet")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        meta = json.loads(archive.read("metadata.json"))
    assert "metadata.json" in names and "arrays/layers.0.weights.npy" in names
    assert meta["format"] == "glassnet-model" and meta["format_version"] == 1
    assert meta["architecture"]["sizes"] == [4, 6, 3]
    assert len(meta["arrays"]["layers.0.weights"]["sha256"]) == 64


def _rewrite(path, change):
    """Rewrite a model file's members through ``change(dict of name → bytes)``."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _edit_metadata(path, edit):
    def change(members):
        meta = json.loads(members["metadata.json"])
        edit(meta)
        members["metadata.json"] = json.dumps(meta).encode()

    _rewrite(path, change)


def _npy(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


def _damaged(tmp_path, how):
    path = glassnet.save(sample_network(), tmp_path / "m.glassnet")
    if how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(500))
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "unknown activation":
        _edit_metadata(path, lambda m: m["architecture"]["activations"][0].update(
            name="os.system"))
    elif how == "wrong shapes":
        _edit_metadata(path, lambda m: m["architecture"].update(sizes=[5, 6, 3]))
    elif how == "checksum":
        def flip(members):
            blob = bytearray(members["arrays/layers.0.weights.npy"])
            blob[-1] ^= 0xFF
            members["arrays/layers.0.weights.npy"] = bytes(blob)
        _rewrite(path, flip)
    elif how == "nan weights":
        net = sample_network()
        net.layers[1].weights[0, 0] = np.nan
        path = save(net, tmp_path / "m.glassnet")
    elif how == "pickled array":
        blob = _npy(np.array([{"payload": 1}], dtype=object), allow_pickle=True)

        def swap(members):
            members["arrays/layers.0.bias.npy"] = blob
        _rewrite(path, swap)
        import hashlib
        _edit_metadata(path, lambda m: m["arrays"]["layers.0.bias"].update(
            sha256=hashlib.sha256(blob).hexdigest(), dtype="object", shape=[1]))
    elif how == "version":
        _edit_metadata(path, lambda m: m.update(format_version=99))
    elif how == "not a model":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    elif how == "missing":
        path.unlink()
    return path


@pytest.mark.parametrize("how, message", [
    ("missing", "no such file"),
    ("empty", "the file is empty"),
    ("garbage", "not a zip archive, or truncated"),
    ("truncated", "not a zip archive, or truncated"),
    ("not a model", "no metadata.json inside"),
    ("unknown activation", "layer 0: unknown activation 'os.system'"),
    ("wrong shapes", r"layer 0: weights have shape \(6, 4\).*needs \(6, 5\)"),
    ("checksum", "checksum mismatch"),
    ("nan weights", "contains NaN or infinite values"),
    ("pickled array", "not a plain numeric array"),
    ("version", "format version 99 is not supported"),
])
def test_every_damage_is_a_model_format_error_naming_the_file(tmp_path, how, message):
    path = _damaged(tmp_path, how)
    with pytest.raises(ModelFormatError, match=message) as info:
        glassnet.load(path)
    assert str(path) in str(info.value)


def test_a_folder_is_refused_naming_the_model_files_in_it(tmp_path):
    # --checkpoint-dir's folder given to predict: the message names the file to give.
    folder = tmp_path / "ckpt"
    folder.mkdir()
    with pytest.raises(ModelFormatError, match=r"ckpt: is a folder, not a model file$"):
        load_file(folder)
    (folder / "checkpoint.glassnet").write_bytes(b"")
    with pytest.raises(ModelFormatError, match=r"is a folder, not a model file; it holds "
                                               r".*ckpt/checkpoint\.glassnet$"):
        load_file(folder)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_random_bytes_give_only_the_documented_error(tmp_path, data):
    path = tmp_path / "fuzz.glassnet"
    path.write_bytes(data)
    with pytest.raises(ModelFormatError):
        load_file(path)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, 10_000), value=st.integers(0, 255))
def test_corrupting_any_byte_is_caught_or_harmless(tmp_path, position, value):
    path = tmp_path / "m.glassnet"
    if not path.exists():
        save(sample_network(), path)
    original = path.read_bytes()
    blob = bytearray(original)
    blob[position % len(blob)] = value
    path.write_bytes(bytes(blob))
    try:
        net = load_file(path).network  # a byte in unused zip padding may change nothing
        for key, array in sample_network().parameters().items():
            assert net.parameters()[key].tobytes() == array.tobytes()
    except ModelFormatError:
        pass
    finally:
        path.write_bytes(original)


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = save(sample_network(seed=1), tmp_path / "m.glassnet")
    before = path.read_bytes()

    def broken_writestr(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", broken_writestr)
    with pytest.raises(OSError, match="disk full"):
        save(sample_network(seed=2), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.glassnet"]


def test_atomic_write_needs_an_existing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        atomic_write(tmp_path / "no" / "file", lambda f: f.write(b"x"))


SAVER = """
import sys, numpy as np, glassnet
net = glassnet.Network([300, 300, 300, 10], seed=2)
print("ready", flush=True)
while True:
    glassnet.save(net, sys.argv[1])
"""


def test_a_process_killed_while_saving_never_leaves_a_broken_file(tmp_path):
    path = tmp_path / "m.glassnet"
    old = Network([300, 300, 300, 10], seed=1)
    new = Network([300, 300, 300, 10], seed=2)
    save(old, path)
    seen = set()
    for delay in (0.05, 0.13, 0.29, 0.41, 0.6):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        loaded = glassnet.load(path)  # always a whole file: the old one or the new one
        weights = loaded.layers[0].weights.tobytes()
        assert weights in (old.layers[0].weights.tobytes(), new.layers[0].weights.tobytes())
        seen.add(weights == new.layers[0].weights.tobytes())
    assert True in seen  # some saves completed before a kill


def test_a_network_saved_with_a_task_key_loads_as_a_network(tmp_path):
    """Only a file with a table model's encoder is read as one; a user's own "task" key in a
    plain network's metadata stays metadata."""
    import glassnet

    path = glassnet.save(glassnet.Network([2, 2], seed=0), tmp_path / "n.glassnet",
                         metadata={"task": "classification"})
    back = glassnet.load(path)
    assert isinstance(back, glassnet.Network) and back.sizes == [2, 2]


def test_loading_holds_the_weights_once(tmp_path):
    import tracemalloc

    net = Network([1000, 1000, 1], seed=0)  # 8 MB of weights
    path = glassnet.save(net, tmp_path / "wide.glassnet")
    tracemalloc.start()
    try:
        loaded = glassnet.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(loaded.layers[0].weights, net.layers[0].weights)
    assert peak < 2 * net.layers[0].weights.nbytes, peak  # trial 28: a copy made it 2.2×
    assert loaded.layers[0].weights.flags.c_contiguous and loaded.layers[0].weights.flags.writeable
