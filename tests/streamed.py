"""Helpers shared by the tests of a file read in chunks: the in-memory fit a streamed one
equals, and the comparison of two columns' target means."""

import numpy as np

from glassnet.tabular import TableEncoder


def same_means(a, b, name):
    """Two columns' target means: the same kind and labels, numbers within 1e-12."""
    assert (a["kind"], a["labels"]) == (b["kind"], b["labels"]), name
    for key in ("values", "missing", "prior"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-12, atol=1e-14, err_msg=name)


def whole_fit(frame, target, **options):
    """The in-memory fit a streamed one equals: on the same rows, with their targets (the
    target means of a column whose rarer values share "(other)")."""
    return TableEncoder(target=target, **options).fit(frame, frame[target])
