"""The ``glassnet`` command line.

One module per command family -- :mod:`~glassnet.cli.teach` (demo, explain,
activations), :mod:`~glassnet.cli.train`, :mod:`~glassnet.cli.use` (predict,
evaluate, info), :mod:`~glassnet.cli.figures` (plot), :mod:`~glassnet.cli.report`,
:mod:`~glassnet.cli.playground`, :mod:`~glassnet.cli.export` (ONNX) and
:mod:`~glassnet.cli.tune` (grid search) -- each registering its own arguments.
Every command returns an exit code: 0 on success, 1 for bad input or a failed
run (one line on stderr, no traceback unless ``--debug``), 2 for wrong usage
(argparse's own convention).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from .errors import CommandError
from .piped import data_on_disk

__all__ = ["main", "build_parser", "CommandError"]


def _printable(text: str) -> str:
    """``text`` with control characters written as escapes: a file name's ``\\x1b[31m`` is
    shown, not obeyed by the terminal (trial 28)."""
    return text if text.isprintable() else "".join(
        c if c.isprintable() else repr(c)[1:-1] for c in text)


class _OneLineParser(argparse.ArgumentParser):
    """argparse's parser, its errors one line (trial 28: 24 lines of usage above the one that
    said what was wrong); ``--help`` still shows the usage."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="glassnet",
        description="A feed-forward neural network you can see through.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    # The command families are imported here, inside main's error handling, so that
    # even a Ctrl-C during the imports ends with one line, not a traceback.
    from . import export, figures, playground, report, teach, train, tune, use

    for family in (teach, train, use, figures, report, playground, export, tune):
        family.add_parsers(sub)
    return parser


class _Terminated(BaseException):
    """SIGTERM, raised where the command is: a file being written is removed, as on Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated


def _system_arrow_pool(environ, modules) -> None:
    """Under an address-space limit (``ulimit -v``), pandas' text columns would reserve some
    900 MB of it up front through Arrow's default allocator (mimalloc): out of memory with
    most of it unused. Arrow then takes the system's allocator, unless one was chosen, and
    only before pyarrow is imported (it reads the setting once)."""
    try:
        import resource
    except ImportError:  # (Windows: no such limits)
        return
    if "pyarrow" not in modules and \
            resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY:
        environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    import signal
    import threading

    _system_arrow_pool(os.environ, sys.modules)
    on_term = threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    if on_term:  # (a caller's own handler stays)
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    except _Terminated:
        print("glassnet: terminated", file=sys.stderr)
        return 143
    finally:
        if on_term:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _main(argv):
    try:
        parser = build_parser()
    except KeyboardInterrupt:
        print("glassnet: interrupted", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    from ..tabular.errors import spoken_by_cli

    spoken = spoken_by_cli(True)  # messages suggest flags, not Python keywords
    try:
        with data_on_disk(args):  # "-" and pipes: read from a temporary copy
            return args.handler(args)
    except BrokenPipeError:
        # The reader went away (``glassnet predict ... | head -1``): not an error of
        # ours. Point stdout at /dev/null so the interpreter's final flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("glassnet: interrupted", file=sys.stderr)
        return 130
    except MemoryError as exc:  # NumPy's _ArrayMemoryError too
        if args.debug:
            raise
        _out_of_memory(args, exc)
        return 1
    except OSError as exc:
        if args.debug:
            raise
        if exc.errno == errno.ENOMEM:  # (an allocation the kernel refused: the same)
            _out_of_memory(args, exc.strerror)
        else:
            print(f"glassnet: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except (CommandError, ValueError, ArithmeticError, ImportError) as exc:
        # DataError and ModelFormatError are ValueErrors that name the file.
        if args.debug:
            raise
        message = " ".join(str(exc).split())  # one line, whatever the exception held
        print(f"glassnet: error: {_printable(message)}", file=sys.stderr)
        return 1
    finally:
        sys.stdout = stdout
        spoken_by_cli(spoken)


_STREAM_HINTS = {"train": " (train with --stream: memory then follows the chunk size)",
                 "predict": " (with --stream the file is read in chunks: memory then follows "
                            "the chunk size)",
                 "evaluate": " (with --stream the file is read in chunks: memory then follows "
                             "the chunk size)"}


def _out_of_memory(args, what) -> None:
    data = getattr(args, "data", None)
    hint = _STREAM_HINTS.get(args.command, "")
    if getattr(args, "in_chunks", False):  # (trial 28: "--stream" advised to a streamed run)
        hint = " (already read in chunks: a smaller --chunk-rows, or fewer columns, needs less)"
    hidden = getattr(args, "hidden", None)
    wide = max(hidden) if isinstance(hidden, list) and hidden else 0
    if wide >= 100_000:  # (trial 28: --hidden 100000000, and --stream advised)
        hint = f" (a hidden layer of {wide:,} nodes: its weights alone may not fit)"
    print(f"glassnet: error: out of memory{f' on {data}' if data else ''}: "
          f"{' '.join(str(what).split()) or 'no more'}{hint}", file=sys.stderr)


class _ReaderMayLeave:
    """Standard output whose reader may go away (``glassnet train ... | head -2``) without
    stopping the command: the first write that finds the pipe closed points the stream at
    /dev/null, and the work goes on (a model is still written). Anything else is the
    stream's own."""

    def __init__(self, stream):
        self._stream, self._gone = stream, False

    def write(self, text):
        if not self._gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._reader_left()
        return len(text)

    def flush(self):
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_left()

    def _reader_left(self):
        self._gone = True
        try:  # the interpreter's own last flush then writes to /dev/null, silently
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
        except (OSError, ValueError, AttributeError):  # no file descriptor (a test's capture)
            pass

    @property
    def reader_left(self) -> bool:
        """Whether the reader went away: a command writing as it goes may stop."""
        return self._gone

    def __getattr__(self, name):
        return getattr(self._stream, name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
