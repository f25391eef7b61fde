"""Child processes that cannot outlive their owner, and the identities they run as.

A server started here gets a parent-death signal (Linux ``PR_SET_PDEATHSIG``): when the
owning Python process dies for any reason, SIGKILL included, the kernel signals the
child, so no orphaned PostgreSQL or Redis keeps the port and the data folder.

The kernel ties that signal to the *thread* that forked the child, not to the process:
spawn only from the main thread, or the server stops as soon as the spawning thread ends.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import logging
import os
import pwd
import signal
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

log = logging.getLogger("ckanext.satudata_serang.runtime")

_PR_SET_PDEATHSIG = 1
# Linux refuses longer Unix socket paths (sun_path is 108 bytes including the NUL).
MAX_SOCKET_PATH = 107


class ServiceError(RuntimeError):
    """A bundled service could not be started or used; the message is for the user."""


@dataclass(frozen=True)
class Identity:
    """The Unix user a child process runs as."""

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]

    @property
    def is_current(self) -> bool:
        return self.uid == os.geteuid()


def current_identity() -> Identity:
    uid = os.geteuid()
    name = pwd.getpwuid(uid).pw_name
    return Identity(name, uid, os.getegid(), tuple(os.getgroups()))


def identity_named(name: str) -> Identity:
    entry = pwd.getpwnam(name)
    groups = tuple(os.getgrouplist(name, entry.pw_gid))
    return Identity(name, entry.pw_uid, entry.pw_gid, groups)


def _may_search(st: os.stat_result, who: Identity) -> bool:
    if who.uid == 0:
        return True
    # POSIX picks exactly one class: the owner bits apply to the owner even when the
    # group or other bits would allow more.
    if st.st_uid == who.uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == who.gid or st.st_gid in who.groups:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def can_traverse(path: Path, who: Identity) -> bool:
    """Whether ``who`` may search ``path`` and every folder above it.

    Both the path as written and its symlink-resolved form are checked, because the
    kernel walks the written one and then every folder of the link targets.
    """
    written = Path(os.path.abspath(path))
    resolved = written.resolve()
    for folder in {*written.parents, written, *resolved.parents, resolved}:
        try:
            st = folder.stat()
        except OSError:
            return False
        if stat.S_ISDIR(st.st_mode) and not _may_search(st, who):
            return False
    return True


def chown_to(path: Path, who: Identity) -> None:
    if not who.is_current:
        os.chown(path, who.uid, who.gid)


@functools.cache
def _prctl() -> Callable[[int, int, int, int, int], int]:
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except AttributeError:
        raise ServiceError(
            "Layanan bawaan hanya didukung di Linux (membutuhkan prctl PR_SET_PDEATHSIG)."
        ) from None
    prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    prctl.restype = ctypes.c_int
    return prctl


def _die_with(owner_pid: int, death_signal: signal.Signals) -> Callable[[], None]:
    # Resolved in the parent: importing or loading libraries between fork and exec can
    # deadlock on locks that other threads held at fork time.
    prctl = _prctl()

    def preexec() -> None:
        # Runs after Popen switched uid/gid (changing credentials clears the
        # parent-death signal, so it must be set afterwards).
        if prctl(_PR_SET_PDEATHSIG, int(death_signal), 0, 0, 0) != 0:
            os._exit(126)
        # The owner may have died between fork and prctl; nobody would signal us then.
        if os.getppid() != owner_pid:
            os._exit(1)

    return preexec


class _Credentials(TypedDict, total=False):
    user: int
    group: int
    extra_groups: list[int]


def _credentials(who: Identity | None) -> _Credentials:
    if who is None or who.is_current:
        return {}
    # Popen switches groups, gid, then uid in the child, before preexec_fn runs.
    return {"user": who.uid, "group": who.gid, "extra_groups": list(who.groups)}


def _require_main_thread() -> None:
    if threading.current_thread() is not threading.main_thread():
        raise ServiceError(
            "Layanan bawaan harus dijalankan dari thread utama: sinyal kematian induk "
            "(PR_SET_PDEATHSIG) terikat pada thread pembuatnya, sehingga server akan "
            "ikut berhenti begitu thread ini selesai."
        )


def _open_log(path: Path) -> int:
    # Logs may quote SQL and connection details: private to the owner.
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def append_log(path: Path, text: str) -> None:
    fd = _open_log(path)
    try:
        os.write(fd, text.encode("utf-8", "replace"))
    finally:
        os.close(fd)


def spawn(
    argv: Sequence[str],
    *,
    death_signal: signal.Signals,
    log_file: Path,
    env: Mapping[str, str],
    who: Identity | None = None,
) -> subprocess.Popen[bytes]:
    """Start a foreground server whose output is appended to ``log_file``."""
    _require_main_thread()
    # The parent opens the log, so it can live where the child user cannot write.
    fd = _open_log(log_file)
    try:
        return subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=fd,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd="/",
            # Own process group: a Ctrl-C in the terminal reaches only the owner, which
            # then stops the servers in order instead of all at once.
            process_group=0,
            # preexec_fn is the only hook between the uid switch and exec. It calls
            # one prepared libc function and os.getppid, taking no locks a thread held.
            preexec_fn=_die_with(os.getpid(), death_signal),  # noqa: PLW1509
            **_credentials(who),
        )
    finally:
        os.close(fd)


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    who: Identity | None = None,
    timeout: float = 120.0,
) -> subprocess.CompletedProcess[str]:
    """Run a short helper (initdb) that also dies with its owner."""
    _require_main_thread()
    return subprocess.run(
        list(argv),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dict(env),
        cwd="/",
        timeout=timeout,
        check=False,
        preexec_fn=_die_with(os.getpid(), signal.SIGTERM),
        **_credentials(who),
    )


def stop(proc: subprocess.Popen[bytes], first: signal.Signals, timeout: float = 30.0) -> None:
    """Ask politely with ``first``, then SIGKILL after ``timeout`` seconds."""
    if proc.poll() is None:
        proc.send_signal(first)
        try:
            proc.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            log.warning(
                "Proses %d tidak berhenti dalam %.0f detik; dipaksa berhenti",
                proc.pid,
                timeout,
            )
            proc.kill()
    proc.wait()


def pid_alive(pid: int) -> bool:
    """True for a running process; a zombie waiting to be reaped counts as gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            # The state follows the parenthesised command name, which may contain spaces.
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers set SO_REUSEADDR too; without it a port in TIME_WAIT looks taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def choose_port(port: int, *, service: str, env_var: str) -> int:
    """``0`` picks a free port; any other port must be free or the user is told why."""
    if port == 0:
        return free_port()
    if port_in_use(port):
        raise ServiceError(
            f"Port {port} di 127.0.0.1 sudah dipakai program lain, sehingga {service} "
            f"bawaan tidak dapat dijalankan. Hentikan program tersebut atau pilih port lain "
            f"lewat variabel lingkungan {env_var} (misalnya {env_var}={port + 1})."
        )
    return port


def log_tail(path: Path, offset: int = 0, lines: int = 25) -> str:
    """The last lines written to ``path`` after byte ``offset`` (this start only)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return "(log tidak dapat dibaca)"
    return "\n".join(text.splitlines()[-lines:]) or "(log kosong)"


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def wait_until_ready(
    proc: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    *,
    service: str,
    timeout: float,
    log_file: Path,
    log_offset: int,
) -> None:
    """Poll ``ready`` until it is true; explain with the server log if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        code = proc.poll()
        if code is not None:
            raise ServiceError(
                f"{service} bawaan berhenti saat dijalankan (kode keluar {code}). "
                f"Akhir log server ({log_file}):\n{log_tail(log_file, log_offset)}"
            )
        if ready():
            return
        if time.monotonic() > deadline:
            # The caller's cleanup stops it the proper way (fast shutdown first).
            raise ServiceError(
                f"{service} bawaan tidak siap menerima koneksi dalam {timeout:.0f} detik. "
                f"Akhir log server ({log_file}):\n{log_tail(log_file, log_offset)}"
            )
        time.sleep(0.05)


def clean_env(extra: Mapping[str, str], keep: Iterable[str] = ("PATH", "TZ")) -> dict[str, str]:
    """A minimal environment, so stray PG*/REDIS* variables of the owner do not leak in."""
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(extra)
    return env
