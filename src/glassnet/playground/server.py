"""The HTTP server: the standard library's, on 127.0.0.1, guarding the API.

:class:`http.server.ThreadingHTTPServer` serves the page's static files (the page,
its style, draw.js, panel.js, app.js) and the JSON API of :mod:`.api`; no dependency
beyond Python. Each API request must

* name this server in its ``Host`` header (a DNS-rebinding page cannot),
* come from this server's own page when it says where it comes from
  (``Origin``, ``Sec-Fetch-Site``),
* carry the session's token in the ``X-Glassnet-Token`` header (a page of
  another site cannot set it, nor read the token from our URL),
* and send a body no larger than the limit, with its length declared.

Static files are served from a fixed list of names read from the package:
no request names a path on the disk.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qsl, urlsplit

from .api import Api, Response, finite

__all__ = ["Playground", "serve", "MAX_UPLOAD_BYTES", "is_loopback"]

MAX_UPLOAD_BYTES = 20 * 2**20
MAX_JSON_BYTES = 2**20
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/static/draw.js": ("draw.js", "text/javascript; charset=utf-8"),
          "/static/panel.js": ("panel.js", "text/javascript; charset=utf-8"),
          "/static/style.css": ("style.css", "text/css; charset=utf-8")}
_RAW = {"upload", "model"}  # endpoints whose body is a file, not JSON


def is_loopback(host: str) -> bool:
    """True for ``127.0.0.1``, ``::1``, ``localhost``: addresses no other machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server_version = "glassnet-playground"
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out as two writes; with Nagle's algorithm the second
        # waits for the client's delayed ACK (40 ms), which caps the page's polls.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # quiet: the terminal shows the URL, not each poll
        if self.server.playground.verbose:
            super().log_message(format, *args)

    def do_GET(self):
        self._safely("GET")

    def do_POST(self):
        self._safely("POST")

    def _safely(self, method: str) -> None:
        try:
            self._handle(method)
        except (BrokenPipeError, ConnectionResetError):  # the page went away mid-answer
            self.close_connection = True

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data: blob:; "
                         "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(response.body)

    def _fail(self, status: int, message: str) -> None:
        self.close_connection = True
        self._send(Response({"error": message}, status))

    def _refusal(self, query_token: str | None = None) -> tuple[int, str] | None:
        """Why this request is refused (status, message), or None.

        ``query_token`` is the token of the URL, accepted for the event stream
        alone: a browser's EventSource cannot send headers.
        """
        app = self.server.playground
        host = self.headers.get("Host", "")
        if not app.known_host(host):
            return 403, f"unexpected Host header {host!r}"
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{host}":
            return 403, "cross-site request refused"
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return 403, "cross-site request refused"
        token = self.headers.get("X-Glassnet-Token", query_token or "")
        if not hmac.compare_digest(token.encode(), app.token.encode()):
            return 403, "missing or wrong token (open the URL the playground printed)"
        return None

    def _body(self, limit: int) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._fail(411, "a Content-Length is needed")
            return None
        if int(length) > limit:
            self._fail(413, f"the request is {int(length):,} bytes; the limit is {limit:,}")
            return None
        return self.rfile.read(int(length))

    def _handle(self, method: str) -> None:
        app = self.server.playground
        url = urlsplit(self.path)
        if method == "GET" and url.path in STATIC:
            if not app.known_host(self.headers.get("Host", "")):
                return self._fail(403, "unexpected Host header")
            name, content_type = STATIC[url.path]
            return self._send(Response(_static(name), content_type=content_type))
        if not url.path.startswith("/api/"):
            return self._fail(404, f"no such page {url.path!r}")
        query = dict(parse_qsl(url.query))
        name = url.path[len("/api/"):]
        events = method == "GET" and name == "events"
        refusal = self._refusal(query.get("token") if events else None)
        if refusal:
            return self._fail(*refusal)
        if events:
            return self._events()
        handler = app.api.route(method, name)
        if handler is None:
            return self._fail(404, f"no endpoint {method} {url.path}")
        body = b""
        if method == "POST":
            body = self._body(app.max_upload if name in _RAW else MAX_JSON_BYTES)
            if body is None:
                return None
        try:
            response = handler(query, body)
        except (ValueError, OSError, ImportError, ArithmeticError) as exc:
            # DataError and ModelFormatError are ValueErrors that name the file.
            response = Response({"error": " ".join(str(exc).split())}, 400)
        except Exception as exc:  # noqa: BLE001 -- the page shows it; the server lives on
            response = Response({"error": f"{type(exc).__name__}: {exc}"}, 500)
        self._send(response)


    def _events(self) -> None:
        """Server-sent events: each new state, as soon as it exists, until the page goes.

        The page draws from this stream; nothing is asked per update, so the rate
        is the training thread's (a state every ~30 ms) rather than a round trip's.
        Each event carries the history since the one before.
        """
        session = self.server.playground.session
        self.close_connection = True  # the stream ends with the connection
        self.send_response(200)
        for key, value in (("Content-Type", "text/event-stream"), ("Cache-Control", "no-store"),
                           ("X-Content-Type-Options", "nosniff")):
            self.send_header(key, value)
        self.end_headers()
        since, after = 0, None
        while not session.closed and not self.server.playground.stopping:
            state = session.state(since, after, timeout=5.0)
            if state["version"] == after:
                self.wfile.write(b": still here\n\n")  # a comment keeps proxies awake
                continue
            after, since = state["version"], state["history_length"]
            self.wfile.write(b"data: " + json.dumps(finite(state), ensure_ascii=False).encode()
                             + b"\n\n")


class Playground:
    """A running playground: its session, server, thread, token and URL.

    Parameters
    ----------
    session : Session
    host : str
        ``127.0.0.1`` by default; another address is reachable by other machines.
    port : int
        0 picks a free port.
    max_upload : int
        The largest upload (a table or a model file), in bytes.
    verbose : bool
        Log every request on stderr.

    Examples
    --------
    >>> from glassnet.playground import Playground, Session
    >>> with Playground(Session()) as app:
    ...     app.url.startswith("http://127.0.0.1:")
    True
    """

    def __init__(self, session, host: str = "127.0.0.1", port: int = 0,
                 max_upload: int = MAX_UPLOAD_BYTES, verbose: bool = False):
        self.session, self.verbose, self.max_upload = session, verbose, int(max_upload)
        self.token = secrets.token_urlsafe(24)
        self.stopping = False
        self.api = Api(session, max_model_bytes=self.max_upload * 8)
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.playground = self
        self.port = self.httpd.server_address[1]
        names = {host, "127.0.0.1", "localhost", "[::1]"} if is_loopback(host) else {host}
        self.hosts = {f"{n}:{self.port}" for n in names}
        # Served on every address, the page may be reached by any of the machine's
        # names: then only the port is checked, and the token does the guarding.
        self.any_host = host in ("0.0.0.0", "::", "")
        shown = host if is_loopback(host) or host not in ("0.0.0.0", "::") else "127.0.0.1"
        self.url = f"http://{shown}:{self.port}/?token={self.token}"
        self._thread = None

    def known_host(self, host: str) -> bool:
        """Whether a request's ``Host`` header names this server (no DNS rebinding)."""
        if self.any_host:
            return host.rpartition(":")[2] == str(self.port)
        return host in self.hosts

    def start(self) -> Playground:
        """Serve in a background thread; return self."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True, name="glassnet-playground-server")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, stop training, remove the session's folder."""
        self.stopping = True
        self.httpd.shutdown()
        self.httpd.server_close()
        self.session.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def serve(session, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
          max_upload: int = MAX_UPLOAD_BYTES) -> None:
    """Serve ``session`` until Ctrl-C, printing the URL (and opening it in a browser)."""
    app = Playground(session, host, port, max_upload)
    if not is_loopback(host):
        print(f"glassnet: warning: serving on {host}, reachable by other machines; anyone "
              "with the URL's token can use it", file=sys.stderr)
    print(f"glassnet playground: {app.url}\n(Ctrl-C to stop)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(app.url)
    try:
        app.httpd.serve_forever()
    finally:
        app.httpd.server_close()
        app.session.close()
