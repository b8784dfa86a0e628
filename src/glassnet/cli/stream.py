"""``glassnet train --stream``: training on a CSV or Parquet file larger than memory.

:mod:`~glassnet.cli.train` hands the run here when ``--stream`` is given (or
``--chunk-rows``, which implies it), or when the file is large
(:func:`should_stream`: a file bigger than 1/50 of the memory this process
may still use; ``--no-stream`` keeps it in memory).
The table encoder is fitted in one pass over the file in chunks
(:func:`glassnet.tabular.stream_fit.fit_streaming`), then each epoch reads
the file again, chunk by chunk, through a shuffle buffer
(:class:`glassnet.tabular.stream_train.StreamTrainer`). The model file is
the same kind ``glassnet train`` writes in memory, so ``predict``,
``evaluate``, ``info`` and ``explain`` take it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from ..network import Network
from ..training import TrainingDivergedError
from .arguments import encoder_options, positive_int, reading_memory, reading_options
from .errors import CommandError
from .progress import ProgressBar
from .scores import strict_json

__all__ = ["add_arguments", "should_stream", "available_memory", "train_streaming",
           "MEMORY_SHARE"]

#: Stream a CSV file bigger than this share of the memory the process may still use:
#: training in memory peaked at 26-43 times the file (a trial: 1,000,000 rows of diamonds,
#: 72 MB, 1.85 GB; four narrow columns, 23 MB, 1.0 GB), so 1/50 leaves room.
MEMORY_SHARE = 1 / 50
_IMPLIED = " (--chunk-rows implies --stream)"
_UNSUPPORTED = (("checkpoint_dir", "--checkpoint-dir"), ("resume", "--resume"),
                ("plot", "--plot"))


def add_arguments(parser) -> None:
    """``--stream/--no-stream`` and ``--chunk-rows`` on the ``train`` parser."""
    group = parser.add_argument_group("larger than memory")
    group.add_argument("--stream", action=argparse.BooleanOptionalAction, default=None,
                       help="read the file in chunks: the encoder fitted in one pass, batches "
                            "read chunk by chunk (default: when the file is bigger than "
                            "1/50 of the free memory: in memory, training takes 25-45 times "
                            "the file)")
    group.add_argument("--chunk-rows", type=positive_int, default=None, metavar="N",
                       help="rows per chunk, the shuffle buffer's size, the most rows held "
                            "out to validate (default 50000); column types are inferred from "
                            "the first N rows, or 1000 if N is smaller. Implies --stream, "
                            "even for a file that fits in memory; an error with --no-stream")


def available_memory() -> int | None:
    """Bytes this process may still use: the system's available memory (``MemAvailable``),
    less when an address-space or data limit (``ulimit -v``/``-d``) leaves less; None if
    unknown."""
    import resource

    sizes = []
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    sizes.append(int(line.split()[1]) * 1024)
    except OSError:
        pass
    status = _status()
    for limit, used in ((resource.RLIMIT_AS, "VmSize"), (resource.RLIMIT_DATA, "VmData")):
        soft = resource.getrlimit(limit)[0]
        if soft != resource.RLIM_INFINITY and used in status:
            sizes.append(max(soft - status[used], 0))
    return min(sizes) if sizes else None


def _status() -> dict:
    try:
        with open("/proc/self/status") as f:
            return {k: int(v.split()[0]) * 1024 for k, _, v in (line.partition(":") for line in f)
                    if k in ("VmSize", "VmData", "VmHWM", "VmRSS")}
    except OSError:
        return {}


CACHE_SHARE = 8  # the encoded blocks kept between epochs: at most 1/8 of the free memory


def _cache_bytes(epochs) -> int:
    """How many bytes of encoded blocks a streamed run keeps for its later epochs: none for
    one epoch, else :data:`CACHE_SHARE` of :func:`available_memory` (none if unknown)."""
    free = available_memory()
    return 0 if epochs is not None and epochs <= 1 or not free else free // CACHE_SHARE


def peak_memory() -> int | None:
    """The process's peak resident memory in bytes (``VmHWM``, or ``ru_maxrss``)."""
    peak = _status().get("VmHWM")
    if peak is None:
        import resource

        scale = 1 if sys.platform == "darwin" else 1024
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    return peak


def should_stream(args) -> bool:
    """Whether to train streaming: ``--stream``/``--no-stream``, else ``--chunk-rows`` (which
    implies ``--stream``), else a file bigger than :data:`MEMORY_SHARE` of
    :func:`available_memory` (a Parquet file: its rows once read, at least 8 bytes a cell).

    Raises
    ------
    CommandError
        ``--chunk-rows`` with ``--no-stream`` (chunks are for streaming only).
    """
    chunk_rows = getattr(args, "chunk_rows", None)
    if chunk_rows is not None and args.stream is False:
        raise CommandError(f"--chunk-rows {chunk_rows} reads the file in chunks, which "
                           "--no-stream turns off; leave out one of them")
    if args.stream is not None:
        return args.stream
    if chunk_rows is not None:  # the user chose a chunk size: they want streaming
        return True
    path = Path(args.data)
    if not path.is_file():
        return False
    free = available_memory()
    if free is None:
        return False
    if path.suffix.lower() in (".parquet", ".pq"):  # (trial 28: 1 MB of rows read as 3.2 GB)
        from ..tabular.errors import DataError
        from ..tabular.stream_parquet import parquet_memory

        try:
            return parquet_memory(path) > MEMORY_SHARE * free
        except DataError:  # (reading it whole says what is wrong, as ever)
            return False
    from ..tabular.opening import uncompressed_size

    return uncompressed_size(path) > MEMORY_SHARE * free


def train_streaming(args, out: Path, defaults, print_summary) -> int:
    """Train on ``args.data`` read in chunks and write the model to ``out``.

    ``defaults(args, task)`` fills the loss and output activation (``train``'s
    rules), ``print_summary(summary)`` prints the result as ``train`` does.
    """
    args.in_chunks = True  # (out of memory now: not for want of --stream)
    from ..tabular.columns import format_column_table
    from ..tabular.model import TabularModel
    from ..tabular.stream import DEFAULT_CHUNK_ROWS, ChunkedTable
    from ..tabular.stream_fit import fit_streaming
    from ..tabular.stream_train import StreamTrainer
    from ..tabular.totals import stop_before_totals_row

    # Why this run streams, for the summary: --stream, --chunk-rows alone, or the file's size.
    implied = args.stream is None and args.chunk_rows is not None
    for name, option in _UNSUPPORTED:
        if getattr(args, name, None):
            how = "leave out --chunk-rows" if implied else "train in memory with --no-stream"
            raise CommandError(f"{option} is not available with --stream (the file is read "
                               f"in chunks{_IMPLIED * implied}); leave it out, or {how}")
    started = time.perf_counter()
    args.chunk_rows = args.chunk_rows or DEFAULT_CHUNK_ROWS
    wanted_columns = [args.target, *(args.features or []), *args.drop, *args.categorical,
                      *args.numeric]
    table = ChunkedTable(args.data, args.chunk_rows, columns_hint=wanted_columns,
                         usecols=[args.target, *args.features] if args.features else None,
                         **reading_options(args))
    talk = not (args.quiet or args.json)
    left_out = stop_before_totals_row(table)  # a spreadsheet's totals row: not a row to learn
    dtype, show = np.dtype(args.dtype), _reading_line(talk)
    fitted = fit_streaming(
        table, args.target, task=args.task, validation_fraction=args.validation_fraction,
        seed=args.seed, max_classes=args.max_classes, dtype=dtype,
        infer_rows=max(args.chunk_rows, 1000),  # the kinds: from the first chunk
        encoder_options=encoder_options(args),
        on_chunk=show)
    if show is not None and sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if left_out:
        fitted.notes.insert(0, left_out)
    defaults(args, fitted.task)
    classes = fitted.target["classes"]
    sizes = [len(fitted.encoder.get_feature_names_out()), *args.hidden,
             len(classes) if classes else 1]
    net = Network(sizes, activation=args.activation, output_activation=args.output_activation,
                  seed=args.seed, dtype=dtype)
    if talk:
        print(format_column_table(fitted.encoder.plans_))
        for note in fitted.notes:
            print(f"note: {note}")
        n_val = 0 if fitted.validation is None else len(fitted.validation[0])
        chunks = "1 chunk" if fitted.n_chunks == 1 else f"{fitted.n_chunks} chunks"
        print(f"streaming {fitted.rows} rows in {chunks} of at most "
              f"{table.chunk_rows}{_IMPLIED * implied}; {n_val} held out to validate\n")
    batch_size = args.batch_size or int(min(256, max(32, fitted.n_train // 128)))
    metric = "accuracy" if fitted.task == "classification" else "r2"
    trainer = StreamTrainer(net, table, fitted, loss=args.loss, optimizer=args.optimizer,
                            learning_rate=args.learning_rate, batch_size=batch_size,
                            seed=args.seed, early_stopping=args.early_stopping,
                            patience=args.patience, metric=metric, schedule=args.schedule,
                            epochs=args.epochs, on_chunk=_epoch_line(talk, args.epochs),
                            cache_bytes=_cache_bytes(args.epochs))
    bar = ProgressBar(args.epochs, enabled=False if not talk else None)
    try:
        while trainer.epoch < args.epochs and not trainer.stopped:
            logs = trainer.run_epoch()
            bar.update(trainer.epoch, logs)
    except TrainingDivergedError as exc:
        raise CommandError(f"{exc} {out} was not written.") from None
    finally:
        bar.close()
    history = trainer.finish()
    seconds = time.perf_counter() - started
    options = {k: getattr(args, k) for k in (
        "target", "task", "hidden", "activation", "output_activation", "loss", "optimizer",
        "learning_rate", "validation_fraction", "early_stopping", "patience", "seed", "dtype",
        "drop", "features", "categorical", "numeric", "max_categories", "schedule",
        "chunk_rows")}
    model = TabularModel(net, fitted.encoder, fitted.target, fitted.target_scaler, info={
        "loss": args.loss, "history": history.to_dict(),
        "training": {**options, "stream": True, "batch_size": batch_size,
                     "epochs": trainer.epoch, "data": str(args.data), "rows": fitted.rows,
                     "rows_used": fitted.rows_used, "seconds": round(seconds, 3),
                     "validation_rows": 0 if fitted.validation is None else
                     len(fitted.validation[0]),
                     **reading_memory(args, table.source),
                     "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}})
    model.save(out)
    summary = _summary(model, fitted, history, trainer, out, seconds, metric)
    summary["stream_reason"] = ("--chunk-rows" if implied else "--stream" if args.stream
                                else "file size")
    if args.json:
        print(strict_json(summary))
    else:
        print_summary(summary)
        from ..tabular.opening import compression_of, uncompressed_size

        size, method = Path(args.data).stat().st_size / 2**20, compression_of(args.data)
        what = f"{size:.1f} MiB" if method is None else f"{size:.1f} MiB compressed" + (
            f" ({uncompressed_size(args.data) / 2**20:.1f} MiB of text)" * (method == "gzip"))
        print(f"  streamed {what} in chunks of "
              f"{table.chunk_rows} rows{_IMPLIED * implied}; peak memory "
              f"{summary['peak_memory_mib']} MiB")
    return 0


PIPED_EVERY = 60.0  # seconds between progress lines when standard error is no terminal


def _progress(talk: bool, say):
    """``show(*args)`` writing ``say(*args)``: over itself on a terminal; else as a line of its
    own at most once a :data:`PIPED_EVERY` seconds (trial 28: a 5 GB file streamed for
    minutes without a word into a log)."""
    if not talk:
        return None
    if sys.stderr.isatty():
        def show(*args) -> None:
            sys.stderr.write(f"\r{say(*args)}\033[K")
            sys.stderr.flush()
        return show
    last = [time.monotonic()]

    def line(*args) -> None:
        now = time.monotonic()
        if now - last[0] >= PIPED_EVERY:
            last[0] = now
            print(say(*args), file=sys.stderr, flush=True)
    return line


def _reading_line(talk: bool):
    """A callback showing the rows read so far while the encoder is fitted."""
    return _progress(talk, lambda rows: f"fitting the encoder: {rows:,} rows read")


def _epoch_line(talk: bool, epochs: int):
    """A callback showing how far into the file an epoch is, until the progress bar's line
    replaces it at the epoch's end (on a terminal)."""
    return _progress(talk, lambda epoch, rows: f"epoch {epoch}/{epochs}: {rows:,} rows read")


def _summary(model, fitted, history, trainer, out, seconds, metric) -> dict:
    peak = peak_memory()
    summary = {"model": str(out), "task": model.task, "rows": fitted.rows,
               "rows_used": fitted.rows_used,
               "columns": [plan.summary() for plan in fitted.encoder.plans_],
               "notes": fitted.notes, "features": len(model.feature_names),
               "feature_names": model.feature_names, "classes": model.classes,
               "epochs": trainer.epoch, "stopped_early": history.stopped_early,
               "best_epoch": history.best_epoch, "seconds": round(seconds, 3),
               "metric": metric, "train_loss": history.loss[-1] if history.loss else None,
               "architecture": model.network.sizes, "stream": True,
               "chunk_rows": trainer.table.chunk_rows, "chunks": fitted.n_chunks,
               "peak_memory_mib": None if peak is None else round(peak / 2**20, 1),
               # The training score is that of the epoch whose weights were kept (the last
               # without early stopping), gathered batch by batch as it ran.
               "train_" + metric: history.metric[(history.best_epoch or len(history.metric))
                                                 - 1] if history.metric else None}
    if fitted.validation is not None:
        X_val, Y_val = fitted.validation
        out_val = model.network.predict(X_val)
        summary["validation_rows"] = len(X_val)
        summary["validation_loss"] = trainer.loss.value(out_val, Y_val)
        from ..metrics import MetricAccumulator

        summary["validation_" + metric] = MetricAccumulator(metric, Y_val).score(out_val, Y_val)
    return summary
