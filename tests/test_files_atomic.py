"""atomic_write: the old content or the complete new one, with the user's permissions."""

import os
import stat
import time

import pytest

from glassnet.files import atomic_write
from glassnet.files.atomic import before_replace


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "f.bin", lambda f: f.write(b"data"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.bin").stat().st_mode) == mode


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"old")

    def fail(f):
        f.write(b"half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(path, fail)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.bin"]


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder .* does not exist"):
        atomic_write(tmp_path / "nope" / "f.bin", lambda f: f.write(b""))


def test_an_interrupt_before_the_rename_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"old")
    seen = []

    def ctrl_c(target):
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), before_replace(ctrl_c):
        atomic_write(path, lambda f: f.write(b"new"))
    assert len(seen[0]) == 2 and seen[0][0].startswith(".f.bin.")  # the complete temporary
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.bin"]
    atomic_write(path, lambda f: f.write(b"new"))  # the hook is gone after its block
    assert path.read_bytes() == b"new"


def test_a_killed_runs_temporaries_are_removed_by_the_next_write_of_that_name(tmp_path):
    names = {"stale": ".f.bin.k1lled_0.tmp", "fresh": ".f.bin.abcd1234.tmp",
             "other": ".g.bin.k1lled_0.tmp", "lookalike": ".f.bin.backup.tmp"}
    for key, name in names.items():
        (tmp_path / name).write_bytes(b"half")
        if key != "fresh":  # "fresh" may be another process's write in progress
            os.utime(tmp_path / name, (time.time() - 3600,) * 2)
    atomic_write(tmp_path / "f.bin", lambda f: f.write(b"data"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["f.bin", names["fresh"], names["other"], names["lookalike"]])


def test_a_fifo_or_a_folder_is_refused_never_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        with pytest.raises(IsADirectoryError, match="it is not a regular file"):
            atomic_write(target, lambda f: f.write(b"model"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # and no temporary


def test_dev_null_takes_the_bytes_and_throws_them_away(tmp_path, capsys):
    """``--out /dev/null``: everything is made and written, nothing kept, /dev/null stays."""
    written = []
    atomic_write(os.devnull, lambda f: written.append(f.write(b"model")))
    assert written == [5] and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    with pytest.raises(ValueError, match="broken"):  # a fault while making them still shows
        atomic_write(os.devnull, lambda f: (_ for _ in ()).throw(ValueError("broken")))
    from glassnet.cli import main

    data = tmp_path / "t.csv"
    data.write_text("x,y\n" + "".join(f"{i * 0.37 % 5:.2f},{i % 2}\n" for i in range(30)))
    assert main(["train", str(data), "--target", "y", "--preset", "fast", "--out",
                 os.devnull]) == 0
    assert "model written to /dev/null" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_a_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "real.glassnet"
    real.write_bytes(b"old")
    link = tmp_path / "link.glassnet"
    link.symlink_to(real)
    atomic_write(link, lambda f: f.write(b"new"))
    assert link.is_symlink() and real.read_bytes() == b"new"
