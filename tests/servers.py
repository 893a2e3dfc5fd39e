"""Real ``redis-server`` and PostgreSQL processes for the tests, on free loopback ports.

Neither daemon can bind port 0 and report the port, so a free port is chosen and the start
retried on another one if something took it meanwhile. Data lives in temporary
directories. PostgreSQL refuses to run as root, so when the tests do, it runs as the
``postgres`` user (which Debian's package creates) or ``nobody``. ``make test`` installs
both servers when they are missing (``.ci/test-servers``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

INSTALL_HINT = "run `make test` (it installs them) or: apt-get install redis-server postgresql"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class RedisServer:
    """``redis-server`` without persistence; ``stop``/``start`` keep the port (an outage)."""

    def __init__(self, root: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(f"redis-server is not installed; {INSTALL_HINT}")
        self.binary = binary
        self.root = root
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 15.0) -> None:
        for _attempt in range(5):
            port = self.port or free_port()
            if self._try_start(port, timeout):
                self.port = port
                return
            if self.port:  # a restart must keep its port: wait for it to free up
                time.sleep(0.5)
        raise RuntimeError(f"redis-server did not start: {self._log_tail()}")

    def _try_start(self, port: int, timeout: float) -> bool:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.root),
                    "--protected-mode",
                    "yes",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # e.g. "Address already in use": try another port
            if self._ping(port):
                return True
            time.sleep(0.05)
        self.stop()
        return False

    def _ping(self, port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """SIGKILL: an outage as abrupt as a lost node."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def _log_tail(self) -> str:
        log = self.root / "redis.log"
        return log.read_text(errors="replace")[-1500:] if log.exists() else "(no log)"


def postgres_bin_dir() -> Path:
    """Where ``initdb``/``postgres`` are: on PATH (Homebrew, /usr/local/bin links) or in
    Debian's versioned directory, which the package does not put on PATH."""
    found = shutil.which("initdb")
    if found is not None and shutil.which("postgres") is not None:
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    raise RuntimeError(f"PostgreSQL's server (initdb, postgres) is not installed; {INSTALL_HINT}")


def _unprivileged_user() -> dict[str, Any]:
    """Popen arguments that drop root: PostgreSQL will not run as root."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL")


class PostgresServer:
    """A throwaway cluster (``initdb``) served by ``postgres`` on a free loopback port."""

    USER = "rolebot"

    def __init__(self) -> None:
        self.bin = postgres_bin_dir()
        self.as_user = _unprivileged_user()
        # Not under pytest's tmp_path: it is private to root, and postgres may not be root.
        self.root = Path(tempfile.mkdtemp(prefix="rolebot-pg-", dir="/tmp"))
        if self.as_user:
            os.chown(self.root, self.as_user["user"], self.as_user["group"])
        self.data = self.root / "data"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ]
        )

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, **self.as_user
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout[-1000:]} {done.stderr[-1000:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.USER}@127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 30.0) -> None:
        for _attempt in range(5):
            port = self.port or free_port()
            if self._try_start(port, timeout):
                self.port = port
                return
        raise RuntimeError(f"postgres did not start: {self._log_tail()}")

    def _try_start(self, port: int, timeout: float) -> bool:
        log_path = self.root / "postgres.log"
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(self.bin / "postgres"),
                    "-D",
                    str(self.data),
                    "-p",
                    str(port),
                    "-k",
                    str(self.root),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "max_connections=100",
                    "-c",
                    "shared_buffers=16MB",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                **self.as_user,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if _port_open(port) and self._accepts(port):
                return True
            time.sleep(0.1)
        self.stop()
        return False

    def _accepts(self, port: int) -> bool:
        import psycopg

        try:
            with psycopg.connect(
                f"host=127.0.0.1 port={port} user={self.USER} dbname=postgres", connect_timeout=2
            ):
                return True
        except psycopg.OperationalError:
            return False

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.USER} dbname=postgres", autocommit=True
        ) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _log_tail(self) -> str:
        log = self.root / "postgres.log"
        return log.read_text(errors="replace")[-1500:] if log.exists() else "(no log)"
