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


def streamed_and_whole(frame, target, path, chunk_rows=250, seed=3):
    """``(streamed, whole)``: the encoder a streamed fit of ``frame`` (written to ``path``,
    read in chunks, 20 % held out) learns, and the in-memory fit on its training rows."""
    from glassnet.tabular.stream import ChunkedTable, HoldOut
    from glassnet.tabular.stream_fit import fit_streaming

    frame.to_csv(path, index=False)
    fitted = fit_streaming(ChunkedTable(path, chunk_rows), target, validation_fraction=0.2,
                           seed=seed, infer_rows=len(frame))
    held = HoldOut(0.2, seed, chunk_rows).mask(frame.index.to_numpy(),
                                               np.ones(len(frame), dtype=bool))
    train = frame[~held]
    return fitted, TableEncoder(target=target, max_categories=fitted.encoder.max_categories
                                ).fit(train, train[target])
