"""The playground: train on your data in the browser; click any number to see its arithmetic.

``glassnet playground [DATA.csv --target COL]`` serves a page on 127.0.0.1:
choose the layers, activations, loss, optimizer and schedule, train with
glassnet's engine in the server, watch the weights, curves and decision
regions change, and click a node, an edge, an output or the loss to see the
tutorial's arithmetic for it with the actual numbers -- the same record as
``glassnet explain``.

One job per module: :mod:`.datasets` the built-in data, :mod:`.tables` an
uploaded table, :mod:`.config` the page's settings, :mod:`.session` the
network and the thread that trains it, :mod:`.views` the pictures' numbers,
:mod:`.panel` the explanations, :mod:`.recipes` the ``fast`` and ``best``
presets on a table trained live, :mod:`.api` the endpoints and
:mod:`.server` the HTTP server that guards them. The page itself is
``static/``: plain HTML, CSS and JavaScript, nothing fetched from elsewhere.
"""

from .datasets import BUILTIN, Dataset, builtin
from .server import Playground, serve
from .session import Session

__all__ = ["Playground", "Session", "Dataset", "BUILTIN", "builtin", "serve"]
