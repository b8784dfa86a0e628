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
is limited) for the epoch only and restored after it, so it changes no result
(OpenBLAS splits a product's rows and columns between threads, never a sum) and
nothing outside training. ``GLASSNET_BLAS_THREADS`` (a number, or ``"auto"``)
sets the count for every epoch instead.
"""

from __future__ import annotations

import contextlib
import os

from .arrays import is_foreign

__all__ = ["ENVIRONMENT", "ONE_THREAD_BELOW", "OPENBLAS_SERIAL", "largest_product",
           "threads_for", "limited", "for_epoch"]

#: The environment variable that overrides the choice: a thread count, or ``"auto"``.
ENVIRONMENT = "GLASSNET_BLAS_THREADS"
#: OpenBLAS computes a product of at most this many multiply-adds on one thread itself.
OPENBLAS_SERIAL = 262_144
#: An epoch whose largest product is under this many multiply-adds runs on one thread.
ONE_THREAD_BELOW = 8_000_000

_controller = None  # threadpoolctl's view of the loaded BLAS libraries (3 ms to make)


def largest_product(net, batch_size: int) -> int:
    """The multiply-adds of the largest product in one batch: ``max_l k · n_in_l · n_out_l``
    over the network's weighted layers (``k`` = ``batch_size``)."""
    sizes = [getattr(layer, "weights", None) for layer in net.layers]
    return max((batch_size * w.shape[0] * w.shape[1] for w in sizes
                if w is not None and getattr(w, "ndim", 0) == 2), default=0)


def threads_for(net, batch_size: int) -> int | None:
    """The BLAS thread count for an epoch of ``net`` at ``batch_size`` rows a batch: 1 for
    small products (see the module's docstring), None to leave the library's own count.

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
    return 1 if OPENBLAS_SERIAL < work < ONE_THREAD_BELOW else None


@contextlib.contextmanager
def limited(threads: int | None):
    """The BLAS libraries loaded in this process use at most ``threads`` threads inside the
    block (None: unchanged), then their own counts again."""
    global _controller
    if threads is None:
        yield
        return
    if _controller is None:
        try:
            import threadpoolctl
        except ImportError:  # then the libraries keep their own counts
            _controller = False
        else:
            _controller = threadpoolctl.ThreadpoolController().select(user_api="blas")
    if not _controller:
        yield
        return
    with _controller.limit(limits=threads):
        yield


def for_epoch(trainer):
    """:func:`limited` to :func:`threads_for` ``trainer``'s network and batch size; NumPy
    arrays only (a GPU's library has its own threads)."""
    if is_foreign(trainer.X):
        return contextlib.nullcontext()
    return limited(threads_for(trainer.net, trainer.batch_size))
