"""One BLAS thread for an epoch of small products.

OpenBLAS splits every matrix product above ``M·N·K = 262,144`` multiply-adds
between its threads, which spin while they wait for work. For the products of
a small network (a table's 195-64-32-3 at 256 rows a batch: 3.2 million
multiply-adds) a second thread saves little on an idle machine (a 40,000-row
fit took 1.17-1.31 s on two threads, 1.36-1.54 s on one), and when the cores
are busy with anything else (another process, a test run, a second training)
the spinning threads take turns with it: the same fit was 5-6× slower on two
threads than on one. So an epoch whose largest product
stays under :data:`ONE_THREAD_BELOW` multiply-adds runs on one BLAS thread;
larger products keep the library's own count.

The limit is set through ``threadpoolctl`` (a dependency; without it nothing
is limited) for the epoch's batches and its validation pass (unless the
validation product is large: then the library's count) and restored after
them. On most processors that changes no result (OpenBLAS splits a product's
rows and columns between threads, never a sum); on some AVX-512 ones its
kernels for a few shapes sum in another order on two threads than on one, and
the last bits of the weights then depend on the count. One thread, the count
every small network here trains with, gives the same bits on any number of cores.
The count is the process's: while an epoch runs, BLAS calls of other threads
are limited too, and epochs that overlap in several threads share one limit,
set by the first and restored by the last. ``GLASSNET_BLAS_THREADS`` (a
number, or ``"auto"``) sets the count for every epoch instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

from .arrays import is_foreign

__all__ = ["ENVIRONMENT", "ONE_THREAD_BELOW", "OPENBLAS_SERIAL", "largest_product",
           "threads_for", "limited", "EpochLimit", "for_epoch"]

#: The environment variable that overrides the choice: a thread count, or ``"auto"``.
ENVIRONMENT = "GLASSNET_BLAS_THREADS"
#: OpenBLAS computes a product of at most this many multiply-adds on one thread itself.
OPENBLAS_SERIAL = 262_144
#: An epoch whose largest product is under this many multiply-adds runs on one thread.
ONE_THREAD_BELOW = 8_000_000

_controller = None  # threadpoolctl's view of the loaded BLAS libraries (3 ms to make)
_modules_seen = -1  # len(sys.modules) when it was made: an import since may load a BLAS
_lock = threading.Lock()
_holders = 0  # epochs inside the limit now, in any thread
_limiter = None  # the first one's limit, restored by the last one out


def largest_product(net, batch_size: int) -> int:
    """The multiply-adds of the largest product in one batch: ``max_l k · n_in_l · n_out_l``
    over the network's weighted layers (``k`` = ``batch_size``)."""
    sizes = [getattr(layer, "weights", None) for layer in net.layers]
    return max((batch_size * w.shape[0] * w.shape[1] for w in sizes
                if w is not None and getattr(w, "ndim", 0) == 2), default=0)


def threads_for(net, batch_size: int, validation_rows: int = 0) -> int | None:
    """The BLAS thread count for an epoch of ``net`` at ``batch_size`` rows a batch: 1 for
    small products (see the module's docstring), None to leave the library's own count.

    A validation pass of ``validation_rows`` rows counts too: batches that OpenBLAS
    computes on one thread anyway (32 rows of a 59-64-32-2 network) do not keep a
    600-row pass (2.3 million multiply-adds) from going to two threads.

    Raises
    ------
    ValueError
        If ``GLASSNET_BLAS_THREADS`` is neither ``"auto"`` nor a positive integer.
    """
    asked = os.environ.get(ENVIRONMENT, "auto").strip().lower()
    if asked not in ("", "auto"):
        if not asked.isdigit() or int(asked) < 1:
            raise ValueError(f"{ENVIRONMENT} must be 'auto' or a positive integer; got {asked!r}")
        return int(asked)
    work = largest_product(net, batch_size)
    if work <= OPENBLAS_SERIAL:  # serial already: the validation pass decides
        work = largest_product(net, validation_rows)
    return 1 if OPENBLAS_SERIAL < work < ONE_THREAD_BELOW else None


@contextlib.contextmanager
def limited(threads: int | None):
    """The BLAS libraries loaded in this process use at most ``threads`` threads inside the
    block (None: unchanged), then their own counts again."""
    global _holders, _limiter
    if threads is None or not _blas_libraries():
        yield
        return
    with _lock:
        if _holders == 0:
            _limiter = _controller.limit(limits=threads)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                _limiter.restore_original_limits()
                _limiter = None


def _blas_libraries():
    """threadpoolctl's controller of the loaded BLAS libraries, made again after any new
    import (SciPy's own OpenBLAS, say, loaded after the first epoch); False without
    threadpoolctl."""
    global _controller, _modules_seen
    if _controller is not False and len(sys.modules) != _modules_seen:
        try:
            import threadpoolctl
        except ImportError:  # then the libraries keep their own counts
            _controller = False
        else:
            with _lock:
                _controller = threadpoolctl.ThreadpoolController().select(user_api="blas")
                _modules_seen = len(sys.modules)
    return _controller


class EpochLimit:
    """:func:`limited` for an epoch's batches, with :meth:`release` to end it early (before
    the validation pass) inside the ``with`` block; leaving the block ends it otherwise.

    With ``through_validation``, :meth:`release` keeps the limit: the validation
    pass's product is small too. (Handing it back to OpenBLAS's own count for a
    600-row pass cost 15 ms an epoch, against 1 ms on the epoch's one thread:
    the library wakes its threads again after every change of count.)
    """

    def __init__(self, threads: int | None, through_validation: bool = False):
        self._limit, self._held = limited(threads), False
        self._through_validation = through_validation

    def __enter__(self):
        self._limit.__enter__()
        self._held = True
        return self

    def release(self) -> None:
        if self._held and not self._through_validation:
            self._held = False
            self._limit.__exit__(None, None, None)

    def __exit__(self, *exc) -> bool:
        self._through_validation = False
        self.release()
        return False


def for_epoch(trainer) -> EpochLimit:
    """An :class:`EpochLimit` to :func:`threads_for` ``trainer``'s network and batch size;
    NumPy arrays only (a GPU's library has its own threads)."""
    foreign = is_foreign(trainer.X)
    X_val = getattr(trainer, "X_val", None)
    rows = 0 if X_val is None else int(X_val.shape[0])  # an array API array has no len()
    small = largest_product(trainer.net, rows) < ONE_THREAD_BELOW
    return EpochLimit(None if foreign else threads_for(trainer.net, trainer.batch_size, rows),
                      through_validation=small)
