"""Start the whole PRYZM stack the way `pryzm up` does, on free ports, in a temporary home."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SERVICES = ("gateway", "sync", "bake", "web")


_HANDED_OUT: set[int] = set()
_PICK = random.Random()


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def free_port() -> int:
    """A port that is free now and that no outgoing connection will take before the service
    binds it: it lies below the kernel's ephemeral range (a port from `bind(0)` is in that
    range, so any client socket of any process may be given it in the meantime), and it is
    never handed out twice in one run."""
    low, high = _ephemeral_range()
    first, last = (20000, low - 1) if low > 21000 else (high + 1, 65535)
    for _ in range(200):
        port = _PICK.randint(first, last)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    raise RuntimeError(f"no free port between {first} and {last}")


@dataclass
class Stack:
    home: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log: deque = field(default_factory=lambda: deque(maxlen=5000))

    @classmethod
    def create(cls, home: Path, **extra: str) -> Stack:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRYZM_")}
        env.update({
            "PRYZM_HOME": str(home),
            "PRYZM_WEB_PORT": str(free_port()),
            "PRYZM_GATEWAY_PORT": str(free_port()),
            "PRYZM_SYNC_PORT": str(free_port()),
            "PRYZM_BAKE_PORT": str(free_port()),
            "PYTHONUNBUFFERED": "1",
            "COLUMNS": "200",
        })
        env.update(extra)
        return cls(home=home, env=env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.env['PRYZM_WEB_PORT']}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.env['PRYZM_WEB_PORT']}"

    def port(self, service: str) -> int:
        return int(self.env[f"PRYZM_{service.upper()}_PORT"])

    def start(self, timeout: float = 90.0) -> Stack:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pryzm", "up"], env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_healthy(timeout)
        return self

    def _read(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            self.log.append(line.rstrip())

    def output(self) -> str:
        return "\n".join(self.log)

    def wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"pryzm up exited {self.process.returncode}:\n"
                                   + self.output())
            try:
                checks = [
                    httpx.get(f"{self.url}/v1/health", timeout=3),
                    httpx.get(f"http://127.0.0.1:{self.port('sync')}/health", timeout=3),
                    httpx.get(f"http://127.0.0.1:{self.port('bake')}/health", timeout=3),
                ]
                if all(r.status_code == 200 for r in checks):
                    return
                last = " / ".join(r.text[:200] for r in checks)
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.3)
        raise TimeoutError(f"stack not healthy after {timeout}s: {last}\n{self.output()[-4000:]}")

    def pid(self, service: str) -> int:
        return int((self.home / "run" / f"{service}.pid").read_text())

    def kill9(self, service: str) -> int:
        pid = self.pid(service)
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self, timeout: float = 30.0) -> int:
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        code = self.process.returncode
        self.process = None
        return code

    def database_url(self) -> str:
        """The embedded server's URL."""
        from pryzm.embedded import EmbeddedPostgres

        url = EmbeddedPostgres(self.home).url()
        assert url, "the embedded PostgreSQL is not running"
        return url


@contextlib.contextmanager
def running_stack(prefix: str, **extra: str) -> Iterator[Stack]:
    """A started stack in a fresh home outside pytest's numbered temp folders (which a
    concurrent pytest run may prune); stopped and removed afterwards. It must stop cleanly."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    s = Stack.create(home, **extra)
    try:
        s.start()
        yield s
    finally:
        code = s.stop()
        shutil.rmtree(home, ignore_errors=True)
    assert code == 0, f"pryzm up did not stop cleanly ({code}):\n{s.output()[-3000:]}"
