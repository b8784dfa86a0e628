"""The ``playground`` command: a local web page to train and explain a network."""

from __future__ import annotations

from .arguments import add_reading_arguments, column_names, command, positive_int, reading_options
from .errors import CommandError

__all__ = ["add_parsers", "playground"]


def add_parsers(sub) -> None:
    """Register ``playground`` on the subcommand parser."""
    pg = command(sub, "playground", playground)
    pg.add_argument("data", nargs="?", metavar="DATA.csv",
                    help="a CSV (or Parquet) file to train on (default: the built-in sets)")
    pg.add_argument("--target", metavar="COLUMN", help="with DATA: the column to predict")
    pg.add_argument("--dataset", default="xor", metavar="NAME",
                    help="without DATA: the built-in set to start with (default xor; also "
                         "tutorial, spirals, circles, iris, wine, breast_cancer, diabetes)")
    pg.add_argument("--preset", choices=["tutorial", "fast", "best"], default="tutorial",
                    help="with DATA: tutorial, the network the page's settings describe "
                         "(default); fast, one network with glassnet.tabular's recipe "
                         "(clipped and binned inputs, AdamW, warm-up + cosine, label "
                         "smoothing); best, five such networks over five folds, averaged "
                         "(the page can change it)")
    add_reading_arguments(pg)
    cols = pg.add_argument_group("choosing columns (as for train; the page can change them)")
    cols.add_argument("--drop", type=column_names, default=[], metavar="COL,...",
                      help="leave these columns out")
    cols.add_argument("--categorical", type=column_names, default=[], metavar="COL,...",
                      help="treat these columns as categories, each value as written "
                           "(Myc and MYC apart)")
    cols.add_argument("--numeric", type=column_names, default=[], metavar="COL,...",
                      help="treat these columns as numbers")
    srv = pg.add_argument_group("the server")
    srv.add_argument("--port", type=int, default=0,
                     help="the port (default: a free one)")
    srv.add_argument("--host", default="127.0.0.1",
                     help="the address to serve on (default 127.0.0.1, this machine only; "
                          "another address lets other machines in and prints a warning)")
    srv.add_argument("--no-browser", action="store_true", help="print the URL, open nothing")
    srv.add_argument("--max-upload-mb", type=positive_int, default=20, metavar="N",
                     help="the largest file the page may upload, in MiB (default 20)")


def playground(args) -> int:
    """Train a network in your browser and click any number to see how it was computed.

    Serve a page on 127.0.0.1 (a free port unless --port): choose the layers,
    activations, loss, optimizer and schedule; train with glassnet's engine in this
    process; watch the weights, curves and decision regions; click a node, an edge,
    an output or the loss for the tutorial's arithmetic with the actual numbers. Start
    from a built-in set, or from DATA.csv with --target (read and encoded as 'glassnet
    train' does; --preset fast or best trains glassnet.tabular's recipe on it, live, and
    saves the model fit_table would). Stop with Ctrl-C.
    """
    import sys

    from ..playground import Session, builtin, serve
    from ..playground.tables import Upload

    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be from 0 to 65535, got {args.port}")
    session = Session(builtin(args.dataset)) if args.data is None else Session()
    try:
        if args.data is not None:
            if args.target is None:
                raise CommandError("DATA needs --target COLUMN, the column to predict")
            from pathlib import Path

            from ..tabular.read import read_table

            frame = read_table(args.data, columns_hint=[args.target], **reading_options(args))
            upload = Upload(Path(args.data).name, Path(args.data), frame)
            overrides = {**{c: "drop" for c in args.drop},
                         **{c: "categorical" for c in args.categorical},
                         **{c: "numeric" for c in args.numeric}}
            session.use_table(upload, args.target, overrides, preset=args.preset)
        elif args.target is not None:
            raise CommandError("--target goes with a DATA file")
        elif args.preset != "tutorial":
            raise CommandError(f"--preset {args.preset} trains on a table: give DATA.csv "
                               "--target COLUMN (the built-in sets train the tutorial network)")
        serve(session, args.host, args.port, open_browser=not args.no_browser,
              max_upload=args.max_upload_mb * 2**20)
    except KeyboardInterrupt:
        print("glassnet playground: stopped", file=sys.stderr)
    finally:
        session.close()
    return 0
