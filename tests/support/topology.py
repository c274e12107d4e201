"""The self-host topology without Docker: the shipped nginx editor.conf (upstream names
templated to loopback) in front of `pryzm serve` processes, PostgreSQL, and moto's S3 server
standing in for MinIO."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from pryzm.config import load_or_create_secret
from pryzm.embedded import EmbeddedPostgres
from tests.support.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
EDITOR_CONF = ROOT / "pryzm-selfhost" / "nginx" / "editor.conf"
DIST = ROOT / "apps" / "editor" / "dist"
SERVICES = {"gateway": "/v1/health", "sync": "/health", "bake": "/health"}


def render_editor_conf(port: int, gateway_port: int, root: Path, upload_limit: int | None,
                       default_timeouts: bool = False) -> str:
    """editor.conf as shipped, with Docker's names replaced by loopback addresses."""
    text = EDITOR_CONF.read_text()
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};")
    text = text.replace("root /usr/share/nginx/html;", f"root {root};")
    text = text.replace("http://api-gateway:5101", f"http://127.0.0.1:{gateway_port}")
    if upload_limit is not None:
        text = re.sub(r"client_max_body_size \S+;", f"client_max_body_size {upload_limit};",
                      text)
    if default_timeouts:
        text = re.sub(r"\n\s*proxy_(read|send)_timeout \S+;", "", text)
    return text


@dataclass
class Topology:
    home: Path
    upload_limit: int = 524_288_000
    default_timeouts: bool = False
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    log: deque = field(default_factory=lambda: deque(maxlen=5000))
    database: EmbeddedPostgres | None = None
    ports: dict[str, int] = field(default_factory=dict)
    _database_url: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['nginx']}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.ports['nginx']}"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def database_url(self) -> str:
        return self._database_url

    def start(self, *, database: bool = True) -> Topology:
        self.home.mkdir(parents=True, exist_ok=True)
        self.ports = {name: free_port() for name in ("nginx", "gateway", "sync", "bake", "s3")}
        # moto's S3 server in a process of its own: its state is per process, and each
        # topology needs its own (a reset in one test must not empty another's bucket).
        self.processes["s3"] = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
             str(self.ports["s3"])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.ports["s3"])
        self.database = EmbeddedPostgres(self.home)
        if database:
            self._database_url = self.database.start()
        else:
            # Not running yet: the URL it will have (socket in the data folder or the
            # package's runtime folder, as its own start decides).
            self._database_url = self.database.start()
            self.database.stop()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PRYZM_")}
        self.env.update({
            "PRYZM_HOME": str(self.home),
            "PRYZM_DATABASE_URL": self.database_url(),
            "PRYZM_SECRET_KEY": load_or_create_secret(self.home),
            "PRYZM_S3_ENDPOINT": self.s3_url,
            "PRYZM_S3_BUCKET": "pryzm-test",
            "PRYZM_S3_ACCESS_KEY_ID": "pryzm",
            "PRYZM_S3_SECRET_ACCESS_KEY": "pryzm-secret",
            "PRYZM_GATEWAY_PORT": str(self.ports["gateway"]),
            "PRYZM_SYNC_PORT": str(self.ports["sync"]),
            "PRYZM_BAKE_PORT": str(self.ports["bake"]),
            "PRYZM_PUBLIC_URL": self.url,
            "PRYZM_MAX_UPLOAD_BYTES": str(self.upload_limit),
            "PYTHONUNBUFFERED": "1",
        })
        for name in SERVICES:
            self.start_service(name)
        self._start_nginx()
        if database:
            self.wait_healthy()
        return self

    def start_service(self, name: str) -> None:
        proc = subprocess.Popen([sys.executable, "-m", "pryzm", "serve", name], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.processes[name] = proc
        threading.Thread(target=self._read, args=(name, proc), daemon=True).start()

    def _read(self, name: str, proc: subprocess.Popen) -> None:
        assert proc.stdout
        for line in proc.stdout:
            self.log.append(f"{name} | {line.rstrip()}")

    def _start_nginx(self) -> None:
        prefix = self.home / "nginx"
        prefix.mkdir(exist_ok=True)
        site = render_editor_conf(self.ports["nginx"], self.ports["gateway"], DIST,
                                  self.upload_limit, self.default_timeouts)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\n"
            f"error_log {prefix}/error.log warn;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
            f" client_body_temp_path {prefix}/body;\n proxy_temp_path {prefix}/proxy;\n"
            f"{site}\n}}\n")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.processes["nginx"] = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, args=("nginx", self.processes["nginx"]),
                         daemon=True).start()

    def output(self) -> str:
        return "\n".join(self.log)

    def health(self, name: str) -> httpx.Response:
        return httpx.get(f"http://127.0.0.1:{self.ports[name]}{SERVICES[name]}", timeout=10)

    def wait_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited {proc.returncode}:\n{self.output()}")
            try:
                codes = [self.health(n).status_code for n in SERVICES]
                codes.append(httpx.get(f"{self.url}/healthz", timeout=5).status_code)
                if all(c == 200 for c in codes):
                    return
                last = str(codes)
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.3)
        raise TimeoutError(f"topology not healthy: {last}\n{self.output()[-4000:]}")

    def stop(self) -> None:
        for proc in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.database:
            self.database.stop()


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")
