"""A real HTTP server on 127.0.0.1 for the harvest tests: serves catalogs (and hostile
answers) from a table of routes that a test can change between harvests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# A body: bytes, or a function of the query string giving bytes or an iterator of
# chunks (sent as they come, for slow or endless answers).
Body = bytes | Callable[[dict[str, list[str]]], bytes | Iterator[bytes]]


@dataclass
class Route:
    body: Body = b""
    content_type: str = "text/turtle"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class CatalogServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> CatalogServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer(head=True)

            def do_GET(self) -> None:
                self._answer(head=False)

            def _answer(self, head: bool) -> None:
                owner.requests.append(self.path)
                parts = urlsplit(self.path)
                route = owner.routes.get(parts.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = route.body(parse_qs(parts.query)) if callable(route.body) else route.body
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if isinstance(body, bytes):
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not head:
                        self.wfile.write(body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                if head:
                    return
                try:
                    for chunk in body:
                        if owner._stopping.is_set():
                            break
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except OSError:
                    pass  # the client hung up (as it should, past its limits)

        class Server(ThreadingHTTPServer):
            # No thread outlives the test (stop() joins them) or writes to stderr: a
            # thread holding a lock when a later test forks (CKAN's worker, the search
            # rebuild) would leave the child waiting for it forever.
            daemon_threads = False
            block_on_close = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._stopping.set()
            self._server.shutdown()
            self._server.server_close()  # joins the request threads
        if self._thread is not None:
            self._thread.join(timeout=10)

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: Body, content_type: str = "text/turtle", **kw: Any) -> str:
        self.routes[path] = Route(body=body, content_type=content_type, **kw)
        return self.url(path)

    def requested(self, path: str) -> int:
        return sum(1 for p in self.requests if urlsplit(p).path == path)


def drip(seconds: float, chunk: bytes = b"#") -> Callable[[dict[str, list[str]]], Iterator[bytes]]:
    """An answer that never ends: one small chunk every ``seconds``."""

    def body(_query: dict[str, list[str]]) -> Iterator[bytes]:
        while True:
            yield chunk
            time.sleep(seconds)

    return body


def endless(chunk_size: int = 64 * 1024) -> Callable[[dict[str, list[str]]], Iterator[bytes]]:
    """An answer as large as the client lets it be, without Content-Length."""

    def body(_query: dict[str, list[str]]) -> Iterator[bytes]:
        block = b"# " + b"x" * (chunk_size - 3) + b"\n"
        while True:
            yield block

    return body
