"""`pryzm up`: the whole stack as processes on one machine.

Starts the embedded PostgreSQL (unless PRYZM_DATABASE_URL points elsewhere), then the
api-gateway, sync-server, bake-worker and editor server as separate processes; prefixes their
log lines; restarts any that crash; stops everything cleanly on Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field, replace

from rich.console import Console

from pryzm.config import Settings, load_or_create_secret
from pryzm.embedded import EmbeddedPostgres
from pryzm.errors import ConfigError
from pryzm.store.migrations import migrate

SERVICES = ("gateway", "sync", "bake", "web")
MAX_QUICK_FAILURES = 5
_COLOURS = {"gateway": "cyan", "sync": "magenta", "bake": "yellow", "web": "green",
            "pryzm": "bold"}
_LABEL = {"gateway": "api-gateway", "sync": "sync-server", "bake": "bake-worker",
          "web": "editor", "pryzm": "pryzm"}


@dataclass
class Child:
    name: str
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    restarts: int = 0
    quick_failures: int = 0
    pumps: list[asyncio.Task] = field(default_factory=list)


class Supervisor:
    def __init__(self, settings: Settings, console: Console | None = None):
        self.settings = settings
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.children = {name: Child(name) for name in SERVICES}
        self.stopping = False
        self.failed: str | None = None
        self._stop = asyncio.Event()
        self.embedded: EmbeddedPostgres | None = None
        self.run_dir = settings.home / "run"

    def say(self, who: str, line: str) -> None:
        label = _LABEL.get(who, who)
        self.console.print(f"[{_COLOURS.get(who, 'white')}]{label:>11} |[/] {line}",
                           markup=True, highlight=False)

    def _port_of(self, name: str) -> int:
        s = self.settings
        return {"gateway": s.gateway_port, "sync": s.sync_port, "bake": s.bake_port,
                "web": s.web_port}[name]

    def _check_ports(self) -> None:
        for name in SERVICES:
            port = self._port_of(name)
            with socket.socket() as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind((self.settings.bind_host, port))
                except OSError as exc:
                    raise ConfigError(
                        f"port {port} ({_LABEL[name]}) is in use: is PRYZM already running? "
                        f"Stop it, or set PRYZM_{name.upper() if name != 'web' else 'WEB'}_PORT."
                    ) from exc

    async def run(self) -> int:
        s = self.settings
        s.check_auth()
        s.home.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(exist_ok=True)
        self._check_ports()
        if not s.secret_key:
            s = self.settings = replace(s, secret_key=load_or_create_secret(s.home))
        if not s.database_url:
            self.say("pryzm", f"starting embedded PostgreSQL (data in {s.home.name}/pgdata)")
            self.embedded = EmbeddedPostgres(s.home)
            url = await asyncio.to_thread(self.embedded.start)
            s = self.settings = replace(s, database_url=url)
        try:
            applied = await migrate(s.database_url)
            if applied:
                self.say("pryzm", f"schema migrated: {', '.join(applied)}")
            loop = asyncio.get_running_loop()
            stop = self._stop
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            watchers = [asyncio.create_task(self._keep_running(c)) for c in self.children.values()]
            ready = asyncio.create_task(self._announce_when_ready())
            await stop.wait()
            self.say("pryzm", "stopping…")
            self.stopping = True
            ready.cancel()
            await self._stop_children()
            for w in watchers:
                w.cancel()
            return 1 if self.failed else 0
        finally:
            if self.embedded:
                await asyncio.to_thread(self.embedded.stop)
                self.say("pryzm", "embedded PostgreSQL stopped; data kept for next time")

    async def _announce_when_ready(self) -> None:
        import httpx

        url = f"http://127.0.0.1:{self.settings.web_port}"
        async with httpx.AsyncClient(timeout=2.0) as client:
            for _ in range(600):
                try:
                    gw = await client.get(f"{url}/v1/health")
                    web = await client.get(f"{url}/healthz")
                    if gw.status_code == 200 and web.status_code == 200:
                        self.say("pryzm", f"PRYZM is ready: open http://localhost:"
                                          f"{self.settings.web_port}  (Ctrl-C stops it)")
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRYZM_")}
        env.update(self.settings.to_env())
        env["PYTHONUNBUFFERED"] = "1"
        return env

    async def _spawn(self, child: Child) -> None:
        child.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pryzm", "serve", child.name,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            env=self._env(), start_new_session=True)
        child.started_at = time.monotonic()
        (self.run_dir / f"{child.name}.pid").write_text(f"{child.process.pid}\n")
        child.pumps = [asyncio.create_task(self._pump(child))]

    async def _pump(self, child: Child) -> None:
        assert child.process and child.process.stdout
        async for raw in child.process.stdout:
            self.say(child.name, raw.decode(errors="replace").rstrip())

    async def _keep_running(self, child: Child) -> None:
        """Start the child and restart it whenever it dies (case: kill -9 of a service)."""
        delay = 0.5
        while not self.stopping:
            await self._spawn(child)
            assert child.process
            code = await child.process.wait()
            for pump in child.pumps:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(pump, 2)
            if self.stopping:
                return
            lived = time.monotonic() - child.started_at
            delay = 0.5 if lived > 30 else min(delay * 2, 10.0)
            child.restarts += 1
            child.quick_failures = 0 if lived > 30 else child.quick_failures + 1
            if child.quick_failures >= MAX_QUICK_FAILURES:
                self.say("pryzm", f"{_LABEL[child.name]} keeps failing at start (exit code "
                                  f"{code}, {MAX_QUICK_FAILURES} times); stopping PRYZM. Its "
                                  "last log lines are above.")
                self.failed = child.name
                self._stop.set()
                return
            self.say("pryzm", f"{_LABEL[child.name]} exited with code {code}; "
                              f"restarting in {delay:g}s")
            await asyncio.sleep(delay)

    async def _stop_children(self) -> None:
        procs = [c.process for c in self.children.values()
                 if c.process and c.process.returncode is None]
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                p.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(asyncio.gather(*(p.wait() for p in procs)), 15)
        except TimeoutError:
            for p in procs:
                with contextlib.suppress(ProcessLookupError):
                    p.kill()
        for name in SERVICES:
            with contextlib.suppress(FileNotFoundError):
                (self.run_dir / f"{name}.pid").unlink()
