"""A network's outputs for many rows, computed a block of rows at a time.

The forward pass keeps each layer's weighted sums and activations, rows × units
each: for 4.8 million rows through a 64-32 network that is gigabytes, which
``glassnet predict`` once held all at once (8 GB for a 100 MiB file). In blocks
of at most :data:`BLOCK_ROWS` rows the pass holds one block's. The blocks are of
equal size, half of :data:`BLOCK_ROWS` at least: a matrix product splits its
rows among blocks without changing any row's sums, so each row's outputs are
the bits of one call over every row (a block of a few rows may take another
kernel, whose sums run in another order).
"""

from __future__ import annotations

import numpy as np

__all__ = ["predict_in_blocks", "BLOCK_ROWS"]

BLOCK_ROWS = 65_536


def predict_in_blocks(network, X) -> np.ndarray:
    """``network.predict(X)`` for a 2-D NumPy ``X`` of shape (n, n_inputs), a block of rows at
    a time when ``n`` is above :data:`BLOCK_ROWS`; shape (n, n_outputs)."""
    n = len(X)
    if n <= BLOCK_ROWS:
        return network.predict(X)
    size = -(-n // -(-n // BLOCK_ROWS))  # ceil(n / blocks), blocks = ceil(n / BLOCK_ROWS)
    out = None
    for start in range(0, n, size):
        part = network.predict(X[start:start + size])
        if out is None:
            out = np.empty((n, *part.shape[1:]), dtype=part.dtype)
        out[start:start + len(part)] = part
    return out
