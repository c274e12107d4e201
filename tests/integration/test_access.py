"""Who may change a project, through the running stack: a viewer reads everything and may
export, but every change over REST (an upload, an import, a rename, archiving, the members)
is refused with 403 `forbidden` and leaves the project, its log, its uploads and its jobs as
they were. And the upload limit holds for a body streamed without a Content-Length: refused
with a JSON 413 as the bytes arrive, nothing kept; a body of exactly the limit is taken."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import httpx
import psycopg
import pytest
from tests.support.client import User
from tests.support.samples import SAMPLES
from tests.support.stack import Stack

UPLOAD_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The whole stack, taking uploads of at most UPLOAD_LIMIT bytes (the `ada` and `bob`
    fixtures sign in here)."""
    s = Stack.create(tmp_path_factory.mktemp("pryzm-access"),
                     PRYZM_MAX_UPLOAD_BYTES=str(UPLOAD_LIMIT))
    s.start()
    yield s
    code = s.stop()
    assert code == 0, f"pryzm up did not stop cleanly ({code}):\n{s.output()[-3000:]}"


def _rows(stack: Stack, sql: str, project_id: str) -> list[tuple]:
    with psycopg.connect(stack.database_url()) as conn:
        return conn.execute(sql, (project_id,)).fetchall()


def _upload_rows(stack: Stack, project_id: str) -> list[tuple]:
    return _rows(stack, "SELECT id::text, user_id::text, size FROM uploads "
                        "WHERE project_id = %s ORDER BY created_at, id", project_id)


def _stored_uploads(stack: Stack, project_id: str) -> dict[str, int]:
    """Every file under the project's uploads in the object store (partial ones too), with
    its size."""
    folder = stack.home / "objects" / "projects" / project_id / "uploads"
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _snapshot(stack: Stack, owner: User, project_id: str) -> dict[str, Any]:
    """What a change to the project would show: as its owner sees it over REST, and what the
    database and the object store hold for it."""
    return {
        "project": owner.get(f"/v1/projects/{project_id}").json(),
        "members": owner.get(f"/v1/projects/{project_id}/members").json(),
        "events": owner.get(f"/v1/projects/{project_id}/events").json(),
        "uploads": _upload_rows(stack, project_id),
        "stored uploads": _stored_uploads(stack, project_id),
        "jobs": _rows(stack, "SELECT id, kind FROM jobs WHERE project_id = %s "
                             "AND kind <> 'bake' ORDER BY id", project_id),
        "audit": _rows(stack, "SELECT id, action FROM audit_log WHERE project_id = %s "
                              "ORDER BY id", project_id),
    }


def _assert_refused(r: httpx.Response, what: str, status: int = 403,
                    code: str = "forbidden") -> dict[str, Any]:
    assert r.status_code == status, (what, r.status_code, r.text)
    assert r.headers["content-type"] == "application/json", what
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, \
        (what, body)
    assert body["error"]["code"] == code, (what, body)
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], what
    return body["error"]


def _wait_for_bake(user: User, project_id: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = user.get(f"/v1/projects/{project_id}/bakes/latest")
        if r.status_code == 200 or time.monotonic() > deadline:
            assert r.status_code == 200, r.text
            return r.json()
        time.sleep(0.2)


def _wait_job(user: User, project_id: str, job_id: int, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = user.get(f"/v1/projects/{project_id}/jobs/{job_id}").json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            assert job["status"] == "done", job
            return job
        time.sleep(0.2)


def _upload(user: User, project_id: str, name: str, body: Any) -> httpx.Response:
    return httpx.post(f"{user.base_url}/v1/projects/{project_id}/uploads",
                      params={"filename": name}, content=body, headers=user.headers,
                      timeout=60)


def test_a_viewer_reads_but_every_change_over_rest_is_refused(stack, ada: User, bob: User):
    pid = ada.create_project("Read only")["id"]
    ada.add_member(pid, bob, "viewer")
    eve = User.sign_in(stack.url, "Eve")
    dxf = SAMPLES / "dxf" / "no_layouts.dxf"
    owners_upload = _upload(ada, pid, dxf.name, dxf.read_bytes())
    assert owners_upload.status_code == 201, owners_upload.text
    manifest = _wait_for_bake(ada, pid)
    before = _snapshot(stack, ada, pid)
    assert before["project"]["name"] == "Read only" and len(before["uploads"]) == 1

    _assert_refused(_upload(bob, pid, dxf.name, dxf.read_bytes()), "upload")
    projects = f"/v1/projects/{pid}"
    attempts = {
        "import": ("POST", f"{projects}/imports", {"upload_id": owners_upload.json()["id"]}),
        "rename": ("PATCH", projects, {"name": "Mine"}),
        "archive": ("PATCH", projects, {"archived": True}),
        "add a member": ("POST", f"{projects}/members", {"user_id": eve.id, "role": "editor"}),
        "promote oneself": ("POST", f"{projects}/members", {"user_id": bob.id, "role": "owner"}),
        "remove the owner": ("DELETE", f"{projects}/members/{ada.id}", None),
    }
    for what, (method, path, body) in attempts.items():
        _assert_refused(httpx.request(method, f"{stack.url}{path}", json=body,
                                      headers=bob.headers, timeout=30), what)

    assert _snapshot(stack, ada, pid) == before
    assert pid not in {p["id"] for p in eve.get("/v1/projects").json()}

    # What a viewer may do: read the project, its members, its log and its newest bake...
    seen = bob.get(f"/v1/projects/{pid}")
    assert seen.status_code == 200 and seen.json()["role"] == "viewer"
    assert seen.json()["name"] == "Read only"
    assert bob.get(f"/v1/projects/{pid}/members").json() == before["members"]
    assert bob.get(f"/v1/projects/{pid}/events").json() == before["events"]
    latest = bob.get(f"/v1/projects/{pid}/bakes/latest")
    assert latest.status_code == 200
    assert (latest.json()["project_id"], latest.json()["seq"]) == (pid, manifest["seq"])
    # ...and export it (a download, not a change): the job runs and the viewer gets the file.
    r = bob.post(f"/v1/projects/{pid}/exports", {"format": "glb"})
    assert r.status_code == 202, r.text
    job = _wait_job(bob, pid, r.json()["id"])
    download = bob.get(job["result"]["url"])
    assert download.status_code == 200 and download.content[:4] == b"glTF"
    after = _snapshot(stack, ada, pid)
    assert after["events"] == before["events"] and after["project"] == before["project"]


def _streamed(size: int, piece: int = 16 * 1024):
    """An IFC-looking body of `size` bytes sent as it is generated: httpx sends a generator
    chunked, with no Content-Length, so the server only learns the size by counting."""
    head = b"ISO-10303-21;\nHEADER;\n"

    def body():
        yield head
        left = size - len(head)
        while left > 0:
            n = min(piece, left)
            yield b"/" * n
            left -= n

    return body()


def _assert_streamed(r: httpx.Response) -> None:
    assert "content-length" not in r.request.headers
    assert r.request.headers["transfer-encoding"] == "chunked"


def test_a_streamed_upload_over_the_limit_gets_a_json_413_and_leaves_nothing(stack,
                                                                           ada: User):
    pid = ada.create_project("Too large")["id"]
    for size in (UPLOAD_LIMIT + 1, 64 * UPLOAD_LIMIT):
        r = _upload(ada, pid, "big.ifc", _streamed(size))
        _assert_streamed(r)
        error = _assert_refused(r, f"{size} bytes", status=413, code="upload_too_large")
        assert error["details"] == {"limit": UPLOAD_LIMIT}
        assert f"{UPLOAD_LIMIT:,}" in error["message"]
    assert _upload_rows(stack, pid) == []
    assert _stored_uploads(stack, pid) == {}


def test_a_streamed_upload_of_exactly_the_limit_is_kept_whole(stack, ada: User):
    pid = ada.create_project("Just fits")["id"]
    r = _upload(ada, pid, "fits.ifc", _streamed(UPLOAD_LIMIT))
    _assert_streamed(r)
    assert r.status_code == 201, r.text
    upload = r.json()
    assert upload["size"] == UPLOAD_LIMIT and upload["format"] == "ifc"
    assert _upload_rows(stack, pid) == [(upload["id"], ada.id, UPLOAD_LIMIT)]
    assert _stored_uploads(stack, pid) == {upload["id"]: UPLOAD_LIMIT}
    stored = stack.home / "objects" / "projects" / pid / "uploads" / upload["id"]
    sent = b"".join(_streamed(UPLOAD_LIMIT))
    assert stored.read_bytes() == sent
    assert upload["sha256"] == hashlib.sha256(sent).hexdigest()
