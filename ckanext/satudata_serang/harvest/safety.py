"""Safe downloads for the harvesters: which addresses may be fetched (SSRF) and a
download with a size and a time limit. No CKAN here.

A source URL must be ``http`` or ``https``; its host is resolved and every address
it resolves to must be a global (public) one: private, loopback, link-local
(169.254.x.x, where cloud metadata lives), shared (100.64/10), reserved, multicast
and unspecified addresses are refused, unless the host name or the address is in the
allowlist. The same rule is checked again on the socket actually connected (a DNS
answer that changes between the check and the connection changes nothing) and on
every redirect. Proxies from the environment are not used.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import connection as urllib3_connection
from urllib3 import connectionpool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]

SCHEMES = frozenset({"http", "https"})
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class Refused(Exception):
    """A download refused or failed; ``reason`` names why, ``params`` fill the message
    (see harvest/messages.py for the text people read)."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Allowlist:
    """Host names and networks a sysadmin allows although they are not public."""

    names: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowlist:
        """``entries``: host names (``data.internal``), addresses (``10.0.0.5``) or
        networks (``10.0.0.0/24``)."""
        names: set[str] = set()
        networks: list[Network] = []
        for entry in (e.strip() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(entry.lower().rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def permits(self, host: str, address: IPAddress) -> bool:
        if host.lower().rstrip(".") in self.names:
            return True
        return any(address in network for network in self.networks)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    seconds: float


def is_public(address: IPAddress) -> bool:
    """A global unicast address; an IPv4 address mapped into IPv6 counts as itself."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def system_resolver(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_address(host: str, address: str | IPAddress, allowed: Allowlist) -> None:
    found = ipaddress.ip_address(address) if isinstance(address, str) else address
    if not is_public(found) and not allowed.permits(host, found):
        raise Refused("address", host=host, address=str(found))


def check_url(
    url: str, allowed: Allowlist, resolve: Resolver = system_resolver, *, must_resolve: bool = True
) -> str:
    """The URL's host, if the URL may be fetched; else Refused. ``must_resolve=False``
    accepts a host that does not resolve (now): a source saved while its server is
    down is checked again when it is harvested."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise Refused("scheme", url=url)
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        raise Refused("malformed", url=url) from None
    if not host:
        raise Refused("malformed", url=url)
    addresses = resolve(host)
    if not addresses:
        if must_resolve:
            raise Refused("unresolved", host=host)
        return host
    for address in addresses:
        check_address(host, address, allowed)
    return host


@dataclass
class _Guard:
    """What one download may connect to, and the sockets it opened (so a watchdog can
    cut them when the time is up)."""

    allowed: Allowlist
    sockets: list[socket.socket] = field(default_factory=list)
    expired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, sock: socket.socket, host: str) -> None:
        peer = sock.getpeername()[0]
        try:
            check_address(host, peer, self.allowed)
        except Refused:
            sock.close()
            raise
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._cut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._cut(sock)

    @staticmethod
    def _cut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _session(guard: _Guard) -> requests.Session:
    """A requests session whose every connection is checked against the guard."""

    class Connection(urllib3_connection.HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.admit(sock, self.host)
            return sock

    class SecureConnection(urllib3_connection.HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.admit(sock, self.host)
            return sock

    class Pool(connectionpool.HTTPConnectionPool):
        ConnectionCls = cast(Any, Connection)

    class SecurePool(connectionpool.HTTPSConnectionPool):
        ConnectionCls = cast(Any, SecureConnection)

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment
    session.mount("http://", Adapter(max_retries=0))
    session.mount("https://", Adapter(max_retries=0))
    return session


@dataclass(frozen=True)
class Download:
    url: str  # after redirects
    content: bytes
    content_type: str | None


def fetch(
    url: str,
    limits: Limits,
    allowed: Allowlist,
    headers: Mapping[str, str] | None = None,
    resolve: Resolver = system_resolver,
    sink: Callable[[bytes], object] | None = None,
) -> Download:
    """GET ``url`` within the limits: at most ``limits.max_bytes`` (after
    decompression) in at most ``limits.seconds`` in all (a server sending a byte a
    second is cut off too), following at most five redirects, each checked. With a
    ``sink``, the body goes to it piece by piece (``content`` stays empty)."""
    guard = _Guard(allowed)
    watchdog = threading.Timer(limits.seconds, guard.expire)
    watchdog.daemon = True
    deadline = time.monotonic() + limits.seconds
    watchdog.start()
    try:
        with _session(guard) as session:
            return _fetch(
                session, guard, url, limits, allowed, headers or {}, resolve, deadline, sink
            )
    except Refused:
        raise
    except requests.RequestException as error:
        if guard.expired or time.monotonic() >= deadline:
            raise Refused("time", url=url, seconds=limits.seconds) from None
        raise Refused("connection", url=url, error=_reason(error)) from None
    finally:
        watchdog.cancel()


def _fetch(
    session: requests.Session,
    guard: _Guard,
    url: str,
    limits: Limits,
    allowed: Allowlist,
    headers: Mapping[str, str],
    resolve: Resolver,
    deadline: float,
    sink: Callable[[bytes], object] | None = None,
) -> Download:
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(current, allowed, resolve)
        remaining = max(0.1, deadline - time.monotonic())
        response = session.get(
            current,
            headers=dict(headers),
            stream=True,
            allow_redirects=False,
            timeout=(min(10.0, remaining), remaining),
        )
        with response:
            if response.is_redirect:
                location = response.headers.get("location", "")
                current = urljoin(current, location)
                continue
            if not 200 <= response.status_code < 300:
                raise Refused("status", url=current, status=response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise Refused("size", url=current, limit=limits.max_bytes)
            body, received = bytearray(), 0
            for chunk in response.iter_content(CHUNK):
                received += len(chunk)
                if sink is None:
                    body += chunk
                else:
                    sink(chunk)
                if received > limits.max_bytes:
                    raise Refused("size", url=current, limit=limits.max_bytes)
                if time.monotonic() >= deadline:
                    raise Refused("time", url=current, seconds=limits.seconds)
            if guard.expired:
                raise Refused("time", url=current, seconds=limits.seconds)
            content_type = response.headers.get("content-type")
            return Download(
                url=current,
                content=bytes(body),
                content_type=content_type.split(";", 1)[0].strip() if content_type else None,
            )
    raise Refused("redirects", url=url)


def _reason(error: requests.RequestException) -> str:
    """The innermost cause, without urllib3's pool and object names."""
    cause: BaseException = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    text = str(cause)
    return text.split(": ", 1)[-1] if "object at 0x" in text else text
