"""Ctrl-C at known points of ``glassnet train`` (GLASSNET_TEST_INTERRUPT), in real processes.

Each interrupted run must exit 130 with the documented message, leave a
loadable checkpoint of the epoch it names and no temporary file, and a
``--resume`` must end with the very weights of a run never interrupted.
"""

import csv
import os
import subprocess
import sys
import time

import numpy as np
import pytest

import glassnet
from glassnet.cli import main
from glassnet.cli.faults import ENVIRONMENT

# Each case runs the command in a subprocess (about 30 s together): CI runs them, the
# quick loop (-m 'not slow') leaves them out.
pytestmark = pytest.mark.slow

EPOCHS, EVERY = 6, 2  # checkpoints after epochs 2, 4 and 6


def _data(folder):
    rng = np.random.default_rng(0)
    path = folder / "d.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["a", "b", "y"])
        for a, b in rng.normal(size=(60, 2)).round(4):
            writer.writerow([a, b, "p" if a + b > 0 else "n"])
    return path


def train(folder, *extra, interrupt=None, epochs=EPOCHS):
    env = {k: v for k, v in os.environ.items() if k != ENVIRONMENT}
    if interrupt:
        env[ENVIRONMENT] = interrupt
    return subprocess.run(
        [sys.executable, "-m", "glassnet", "train", str(folder / "d.csv"), "--target", "y",
         "--hidden", "4", "--epochs", str(epochs), "--checkpoint-every", str(EVERY), "--quiet",
         "--out", str(folder / "m.glassnet"), "--checkpoint-dir", str(folder / "ck"), *extra],
        capture_output=True, text=True, env=env, timeout=120)


def weights(path):
    return glassnet.files.load_file(path).network.parameters()


def assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


def temporaries(folder):
    return sorted(p.name for p in folder.rglob("*.tmp"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The final weights of an uninterrupted run, and its checkpoint after epoch 2."""
    whole, short = tmp_path_factory.mktemp("whole"), tmp_path_factory.mktemp("short")
    _data(whole), _data(short)
    assert train(whole).returncode == 0
    assert train(short, epochs=EVERY).returncode == 0
    return weights(whole / "m.glassnet"), glassnet.files.load_file(short / "ck" /
                                                                    "checkpoint.glassnet")


def interrupted(tmp_path, interrupt, epoch):
    """Run with ``interrupt``; check exit 130, the message, the checkpoint, no leftovers."""
    _data(tmp_path)
    proc = train(tmp_path, interrupt=interrupt)
    assert proc.returncode == 130, proc.stderr
    ck = tmp_path / "ck"
    assert proc.stderr == (f"glassnet: interrupted; the state after epoch {epoch} is saved in "
                           f"{ck}. Continue with the same command plus --resume "
                           f"--checkpoint-dir {ck}\n")
    assert temporaries(tmp_path) == []
    assert not (tmp_path / "m.glassnet").exists()  # no model, not even a partial one
    state = glassnet.files.load_file(ck / "checkpoint.glassnet")
    assert state.metadata["kind"] == "checkpoint" and state.metadata["trainer"]["epoch"] == epoch
    return state


def resumed(tmp_path, final):
    proc = train(tmp_path, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert_same(weights(tmp_path / "m.glassnet"), final)
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("interrupt, epoch", [
    ("epoch:3", 2),             # mid-epoch, just after a checkpoint: it is kept as it is
    ("epoch:4", 3),             # mid-epoch: the state after epoch 3 is written
    ("checkpoint-write:2", 4),  # the write of epoch 4 abandoned, then written once more
    ("model-write", EPOCHS),    # training done, the model file abandoned
])
def test_ctrl_c_at_each_point_saves_a_state_that_resumes_bit_for_bit(
        tmp_path, reference, interrupt, epoch):
    interrupted(tmp_path, interrupt, epoch)
    resumed(tmp_path, reference[0])


def test_a_second_ctrl_c_while_saving_leaves_the_previous_checkpoint(tmp_path, reference):
    # The write of epoch 4 is interrupted, then the save after the interrupt too.
    state = interrupted(tmp_path, "checkpoint-write:2,checkpoint-write:3", EVERY)
    assert_same(state.network.parameters(), reference[1].network.parameters())
    assert_same(state.arrays, reference[1].arrays)
    assert state.metadata["trainer"] == reference[1].metadata["trainer"]
    resumed(tmp_path, reference[0])


def test_a_second_ctrl_c_before_any_checkpoint_says_nothing_was_saved(tmp_path):
    _data(tmp_path)
    proc = train(tmp_path, interrupt="epoch:1,checkpoint-write:1")
    assert proc.returncode == 130
    assert proc.stderr == ("glassnet: interrupted while saving; no state of this run is saved "
                           f"(a checkpoint already in {tmp_path / 'ck'} is as it was)\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["ck", "d.csv"]


def test_stale_temporary_files_of_a_killed_run_are_ignored_then_removed(tmp_path, reference):
    interrupted(tmp_path, "epoch:3", EVERY)
    ck = tmp_path / "ck"
    stale = [ck / ".checkpoint.glassnet.k1lled_0.tmp", tmp_path / ".m.glassnet.x9y8z7w6.tmp"]
    other = ck / ".notes.txt.abcd1234.tmp"  # another file's: not ours to remove
    for path in [*stale, other]:
        path.write_bytes(b"PK\x03\x04 half a zip")
        os.utime(path, (time.time() - 3600,) * 2)
    proc = train(tmp_path, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert_same(weights(tmp_path / "m.glassnet"), reference[0])
    assert temporaries(tmp_path) == [other.name]


def test_a_malformed_interrupt_plan_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENVIRONMENT, "epoch:x")
    assert main(["train", str(_data(tmp_path)), "--target", "y", "--quiet"]) == 1
    assert capsys.readouterr().err.startswith(f"glassnet: error: {ENVIRONMENT}='epoch:x'")
