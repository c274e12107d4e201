"""`pryzm import FILE --project ID`: upload through the gateway, start the import job, show
its progress (rich) by polling the job, print the report. Returns the exit status."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

POLL_SECONDS = 0.5


def run_import(base_url: str, token: str, project_id: str, path: Path,
               options: dict[str, Any], console: Console, timeout: float = 3600.0) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    base = base_url.rstrip("/")
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        try:
            job = _start(client, project_id, path, options, console)
        except _Failed as exc:
            console.print(f"[red]error:[/] {exc}")
            return 1
        with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                      TimeElapsedColumn(), console=console, transient=False) as bar:
            task = bar.add_task("queued", total=1.0)
            deadline = time.monotonic() + timeout
            while job["status"] in ("queued", "running") and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                response = client.get(f"/v1/projects/{project_id}/jobs/{job['id']}")
                if response.status_code != 200:
                    console.print(f"[red]error:[/] {_message(response)}")
                    return 1
                job = response.json()
                bar.update(task, completed=job["progress"], description=job["stage"] or
                           job["status"])
        if job["status"] != "done":
            error = job.get("error") or {"code": "timeout", "message": "still running"}
            console.print(f"[red]import failed[/] ({error.get('code')}): {error.get('message')}")
            return 1
        print_report(job["result"], console)
        return 0


class _Failed(Exception):
    pass


def _start(client: httpx.Client, project_id: str, path: Path, options: dict[str, Any],
           console: Console) -> dict[str, Any]:
    size = path.stat().st_size
    console.print(f"uploading {path.name} ({size:,} bytes)")

    def chunks():
        with path.open("rb") as stream:
            while chunk := stream.read(1024 * 1024):
                yield chunk

    response = client.post(f"/v1/projects/{project_id}/uploads",
                           params={"filename": path.name}, content=chunks(),
                           headers={"Content-Length": str(size)})
    if response.status_code != 201:
        raise _Failed(_message(response))
    upload = response.json()
    response = client.post(f"/v1/projects/{project_id}/imports",
                           json={"upload_id": upload["id"], "options": options})
    if response.status_code != 202:
        raise _Failed(_message(response))
    return response.json()


def _message(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
        return f"{error['message']} ({error['code']}, HTTP {response.status_code})"
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}: {response.text[:200]}"


def print_report(result: dict[str, Any], console: Console) -> None:
    report = result["report"]
    table = Table(title=f"imported {report['source'].get('filename', '')} "
                        f"({report['format']}) as seqs {result.get('first_seq')}.."
                        f"{result.get('last_seq')}")
    for column in ("source type", "total", "native", "reference", "skipped"):
        table.add_column(column, justify="left" if column == "source type" else "right")
    for kind, row in report["counts"].items():
        table.add_row(kind, *(str(row[k]) for k in ("total", "native", "reference", "skipped")))
    console.print(table)
    if report["native"]:
        console.print("native: " + ", ".join(f"{v} {k}" for k, v in report["native"].items()))
    for reason, count in report.get("as_reference_because", {}).items():
        console.print(f"[yellow]as reference[/] {count} × {reason}")
    for reason, count in report["skipped_reasons"].items():
        console.print(f"[yellow]skipped[/] {count} × {reason}")
    for warning in report["warnings"]:
        console.print(f"[yellow]warning[/] {warning['code']}: {warning['message']}")
