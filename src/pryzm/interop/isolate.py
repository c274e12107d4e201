"""Run one import in a child process, so that a hostile file can at worst kill the child.

    python -m pryzm.interop.isolate < spec.json

`spec`: {input, format, options, seed, state (a path: State.to_json + seq), output (a
path), memory_bytes}. The child writes progress lines `{"progress", "stage"}` to stdout
and its outcome to `output`: `{"ok": true, "commands", "report"}` or
`{"ok": false, "error": {code, message, details}}`. A crash (segfault in a geometry kernel)
leaves no outcome: the parent turns the exit status into `importer_crashed` (see
`run_isolated`).

Memory: the parent watches the child's resident memory and kills it once it passes
`memory_bytes` (`too_large`). A kill is clean where a failed allocation is not: a C++
kernel that cannot allocate in one of its threads may crash or wait forever. The child's
address space is capped too, well above the watch, as a backstop against a burst between
two looks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psutil

from pryzm.interop.errors import ImportFailed, InteropError
from pryzm.model import State

DEFAULT_MEMORY = 6 * 1024**3
DEFAULT_TIMEOUT = 30 * 60.0
MEMORY_POLL = 0.1  # seconds between two looks at the child's resident memory


def main() -> int:
    spec = json.loads(sys.stdin.read())
    _limit_address_space(2 * int(spec.get("memory_bytes") or DEFAULT_MEMORY) + 1024**3)
    output = Path(spec["output"])
    raw = json.loads(Path(spec["state"]).read_text())
    state = State.from_json(raw["state"], seq=raw["seq"])

    def progress(fraction: float, stage: str) -> None:
        print(json.dumps({"progress": round(fraction, 4), "stage": stage}), flush=True)

    from pryzm.interop import import_file

    try:
        result = import_file(spec["input"], spec["format"], state, options=spec["options"],
                             seed=spec["seed"], progress=progress)
        outcome = {"ok": True, "commands": result.commands, "report": result.report}
    except InteropError as exc:
        outcome = {"ok": False, "error": exc.to_json()}
    except MemoryError:
        outcome = {"ok": False, "error": {"code": "too_large", "message": "The file needs "
                                          "more memory than an import may use.", "details": {}}}
    except RecursionError:
        outcome = {"ok": False, "error": {"code": "unreadable", "message": "The file nests "
                                          "too deeply to read.", "details": {}}}
    output.write_text(json.dumps(outcome))
    return 0


def _limit_address_space(limit: int) -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


async def run_isolated(path: Path, fmt: str, state: State, *, options: dict[str, Any],
                       seed: str, progress: Callable[[float, str], Awaitable[None]],
                       timeout: float = DEFAULT_TIMEOUT,
                       memory_bytes: int = DEFAULT_MEMORY) -> dict[str, Any]:
    """`{"commands", "report"}` of importing `path` in a child process; raises ImportFailed."""
    with tempfile.TemporaryDirectory(prefix="pryzm-import-") as folder:
        state_path, output = Path(folder) / "state.json", Path(folder) / "outcome.json"
        state_path.write_text(json.dumps({"state": state.to_json(), "seq": state.seq}))
        spec = {"input": str(path), "format": fmt, "options": options, "seed": seed,
                "state": str(state_path), "output": str(output), "memory_bytes": memory_bytes}
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pryzm.interop.isolate", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        child.stdin.write(json.dumps(spec).encode())
        child.stdin.close()
        stderr = asyncio.create_task(child.stderr.read())

        async def follow() -> None:
            async for line in child.stdout:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    message = json.loads(line)
                    await progress(float(message["progress"]), str(message["stage"]))

        running = asyncio.ensure_future(asyncio.gather(follow(), child.wait()))
        watch = asyncio.ensure_future(_outgrows(child.pid, memory_bytes))
        try:
            await asyncio.wait({running, watch}, timeout=timeout,
                               return_when=asyncio.FIRST_COMPLETED)
            if not running.done():
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
                await running
                if watch.done():
                    raise ImportFailed("too_large", "The file needs more memory than an "
                                       f"import may use ({memory_bytes // 2**20} MB).",
                                       {"memory_limit_bytes": memory_bytes})
                raise ImportFailed("timeout", f"The import took longer than {timeout:.0f} s "
                                   "and was stopped.")
        finally:
            watch.cancel()
            if not running.done():  # cancelled from outside: leave no child behind
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
            errors = (await stderr).decode("utf-8", "replace")[-2000:]
        if child.returncode != 0 or not output.exists():
            raise _crash(child.returncode, errors)
        outcome = json.loads(output.read_text())
    if not outcome["ok"]:
        error = outcome["error"]
        raise ImportFailed(error["code"], error["message"], error.get("details"))
    return outcome


async def _outgrows(pid: int, limit: int) -> None:
    """Returns once process `pid` holds more than `limit` bytes; never if it ends first."""
    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        while process.memory_info().rss <= limit:
            await asyncio.sleep(MEMORY_POLL)
        return
    await asyncio.Event().wait()


def _crash(code: int | None, errors: str) -> ImportFailed:
    if any(hint in errors for hint in ("MemoryError", "bad_alloc", "cannot allocate memory",
                                       "Cannot allocate memory")):
        return ImportFailed("too_large", "The file needs more memory than an import may use.")
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        return ImportFailed("importer_crashed", f"The importer crashed on this file ({name}); "
                            "the file is probably damaged or hostile.", {"signal": name})
    last = errors.strip().splitlines()[-1] if errors.strip() else f"exit status {code}"
    return ImportFailed("importer_crashed", f"The importer failed on this file: {last[:300]}",
                        {"exit_status": code})


if __name__ == "__main__":
    sys.exit(main())
