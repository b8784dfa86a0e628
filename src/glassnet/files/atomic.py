"""Atomic writes: a file holds either its old content or the complete new one."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_write"]

# Temporary files older than this were left by a run that was killed (SIGKILL,
# power loss) before it could remove them; newer ones may be another process's
# write in progress. Import time stands for the process's start.
_STARTED = time.time()
# A test seam, None outside tests: called with the target path once the
# temporary file is complete, just before the rename (see before_replace).
_before_replace = None


def _umask() -> int:
    # The only portable way to read the umask is to set it and set it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def before_replace(hook):
    """Within the block, call ``hook(path)`` in every :func:`atomic_write` before its rename.

    For tests of interrupted writes (:mod:`glassnet.cli.faults`): the hook runs
    when the temporary file is complete and fsynced and ``path`` still holds its
    old content; what it raises aborts the write like any other error.
    """
    global _before_replace
    saved, _before_replace = _before_replace, hook
    try:
        yield
    finally:
        _before_replace = saved


def _remove_stale(folder: Path, name: str) -> None:
    """Remove the temporary files of ``name`` that a killed run left in ``folder``."""
    # Only mkstemp's own pattern: ".NAME." + 8 characters + ".tmp".
    pattern = re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        entries = list(os.scandir(folder))
    except OSError:  # pragma: no cover - an unreadable folder keeps its leftovers
        return
    for entry in entries:
        try:
            if (pattern.fullmatch(entry.name)
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < _STARTED):
                os.unlink(entry.path)
        except OSError:  # gone already, or not ours to remove: it stays ignored
            pass


def atomic_write(path: str | os.PathLike, write) -> Path:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it over ``path``.

    The temporary file (``.NAME.XXXXXXXX.tmp``) is flushed and fsynced before
    the rename, and the folder after it, so that at every moment ``path`` holds
    either its old content or the complete new one. On any error, Ctrl-C
    included, the temporary file is removed and ``path`` is untouched. After a
    successful write, the temporary files of the same name that a killed run
    left behind (older than this process) are removed; readers never open them.
    A symbolic link is written through (its target is replaced); ``os.devnull`` is
    written to as it is (what is written is thrown away, as asked: ``--out /dev/null`` to
    see the notes only); any other path that is no regular file (a folder, a device, a
    pipe) is refused, never replaced.
    """
    path = Path(path)
    if path.is_symlink():  # write where the link points; the link stays a link
        path = Path(os.path.realpath(path))
    if os.path.exists(os.devnull) and path.exists() and path.samefile(os.devnull):
        with open(os.devnull, "wb") as sink:  # (the bytes are still made: a fault shows)
            write(sink)
        return path
    if path.exists() and not path.is_file():  # a device (/dev/null), a pipe, a folder
        raise IsADirectoryError(f"cannot write {path}: it is not a regular file (a folder, a "
                                "device or a pipe); give the path of a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write {path}: folder {folder} does not exist")
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a model or prediction file
        # should get the permissions any other new file of the user gets.
        # Replacing a file keeps its permissions.
        os.fchmod(fd, stat.S_IMODE(path.stat().st_mode) if path.exists()
                  else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as tmp:
            write(tmp)
            tmp.flush()
            os.fsync(tmp.fileno())
        if _before_replace is not None:
            _before_replace(path)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:  # pragma: no cover - some file systems refuse directory fsync
        pass
    _remove_stale(folder, path.name)
    return path
