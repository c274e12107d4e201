"""Issue 5 through the running stack: upload -> import job (progress frames, batch events,
report) -> export job (artefact, same-origin download); a hostile upload's job fails with a
clear reason and the worker goes on."""

from __future__ import annotations

import time

import httpx
import ifcopenshell
import pytest
from tests.support.client import Socket, User
from tests.support.roundtrip import assert_same_building, room_with_door_and_window
from tests.support.samples import SAMPLES

from pryzm.interop.ifc_export import validate

pytestmark = pytest.mark.anyio


def upload(user: User, project_id: str, name: str, data: bytes) -> dict:
    r = httpx.post(f"{user.base_url}/v1/projects/{project_id}/uploads",
                   params={"filename": name}, content=data, headers=user.headers, timeout=60)
    assert r.status_code == 201, r.text
    return r.json()


def wait_job(user: User, project_id: str, job_id: int, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = user.get(f"/v1/projects/{project_id}/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s")


def frames(sock: Socket, job_id: int) -> list[dict]:
    return [m for m in sock.received if m["type"] == "job" and m["id"] == job_id]


async def test_import_job_streams_progress_appends_a_batch_and_stores_its_report(stack, ada,
                                                                                 bob):
    pid = ada.create_project("FZK-Haus")["id"]
    ada.add_member(pid, bob, "editor")
    sock = await Socket.open(stack.ws_url, pid, bob)  # another user watches
    await sock.caught_up()
    source = SAMPLES / "ifc" / "AC20-FZK-Haus.ifc"
    up = upload(ada, pid, source.name, source.read_bytes())
    assert up["format"] == "ifc"

    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": up["id"]})
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    await sock.wait_for(lambda: any(f["status"] == "done" for f in frames(sock, job_id)),
                        120, "the import job's done frame")
    progress = [f for f in frames(sock, job_id) if f["status"] == "running"]
    assert len(progress) >= 3 and progress[-1]["progress"] > progress[0]["progress"]
    assert {"kind", "stage"} <= set(progress[0]) and progress[0]["kind"] == "import"

    job = wait_job(ada, pid, job_id)
    assert job["status"] == "done", job
    result = job["result"]
    report = result["report"]
    assert report["counts"]["IfcDoor"]["native"] + report["counts"]["IfcDoor"]["reference"] == 5
    assert report["source"]["filename"] == source.name
    # the batch arrived as events, attributed to Ada, under one command id
    await sock.wait_for(lambda: result["last_seq"] in sock.events, 30, "the import's events")
    imported = [sock.events[s] for s in range(result["first_seq"], result["last_seq"] + 1)]
    assert {e["actor"] for e in imported} == {ada.id}
    assert len({e["command_id"] for e in imported}) == result["batches"] == 1
    kinds = {e["event"]["type"] for e in imported}
    assert {"create_level", "place_wall", "place_opening", "place_reference",
            "place_room"} <= kinds

    # the model bakes with the imported elements
    await sock.wait_for(lambda: any(b["seq"] >= result["last_seq"] for b in sock.baked), 120,
                        "a bake of the import")
    manifest = [b for b in sock.baked if b["seq"] >= result["last_seq"]][-1]["manifest"]
    assert {"wall", "reference", "room"} <= {e["type"] for e in manifest["elements"]}

    # export IFC4 -> artefact downloaded same-origin -> valid
    r = ada.post(f"/v1/projects/{pid}/exports", {"format": "ifc4"})
    assert r.status_code == 202, r.text
    export = wait_job(ada, pid, r.json()["id"])
    assert export["status"] == "done", export
    assert export["result"]["url"].startswith(f"/v1/projects/{pid}/artefacts/")
    download = ada.get(export["result"]["url"])
    assert download.status_code == 200
    model = ifcopenshell.file.from_string(download.text)
    assert len(model.by_type("IfcDoor")) == 5
    await sock.close()


async def test_a_hostile_upload_fails_its_job_and_the_next_job_runs(stack, ada):
    pid = ada.create_project("Hostile")["id"]
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    head = ada.get(f"/v1/projects/{pid}").json()["head_seq"]
    fzk = (SAMPLES / "ifc" / "AC20-FZK-Haus.ifc").read_bytes()
    bad = upload(ada, pid, "cut.ifc", fzk[: len(fzk) // 3])  # a truncated file
    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": bad["id"]})
    failed = wait_job(ada, pid, r.json()["id"])
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "truncated"
    assert "truncated" in failed["error"]["message"]
    await sock.wait_for(lambda: any(f["status"] == "failed"
                                    for f in frames(sock, r.json()["id"])), 30, "failed frame")
    assert ada.get(f"/v1/projects/{pid}").json()["head_seq"] == head  # nothing changed

    good = upload(ada, pid, "house.3dm", (SAMPLES / "3dm" / "v5_extrusions.3dm").read_bytes())
    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": good["id"]})
    done = wait_job(ada, pid, r.json()["id"])
    assert done["status"] == "done", done
    assert done["result"]["report"]["counts"]["Extrusion"]["reference"] == 7
    await sock.close()


async def test_job_routes_check_their_input(stack, ada, bob):
    pid = ada.create_project("Checks")["id"]
    png = upload(ada, pid, "t.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": png["id"]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unsupported_format"
    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_upload"
    r = ada.post(f"/v1/projects/{pid}/exports", {"format": "pdf"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = ada.get(f"/v1/projects/{pid}/jobs/999999999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_job"
    r = bob.get(f"/v1/projects/{pid}/jobs/1")
    assert r.status_code == 403


def test_the_cli_uploads_imports_and_prints_the_report(stack, ada):
    import subprocess
    import sys

    pid = ada.create_project("CLI")["id"]
    source = SAMPLES / "dxf" / "insert_bricscad_level_1.dxf"
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("PRYZM_")}
    env.update(PRYZM_TOKEN=ada.token, COLUMNS="160")
    run = subprocess.run([sys.executable, "-m", "pryzm", "import", str(source), "--project",
                          pid, "--url", stack.url], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout + run.stderr
    assert "INSERT/LINE" in out and "uploading insert_bricscad_level_1.dxf" in out
    events = ada.get(f"/v1/projects/{pid}/events").json()["events"]
    assert any(e["event"]["type"] == "place_reference" for e in events)

    bad = subprocess.run([sys.executable, "-m", "pryzm", "import", str(source), "--project",
                          pid, "--url", stack.url], env={**env, "PRYZM_TOKEN": "nope"},
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "invalid_token" in bad.stdout + bad.stderr


async def test_b5_raw_utf8_bytes_in_a_name_do_not_crash_the_bake_worker(stack, ada):
    pid = ada.create_project("B5")["id"]
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    source = (SAMPLES / "ifc" / "IfcOpenHouse_IFC4.ifc").read_bytes()
    # raw UTF-8 (and one stray byte) where STEP wants \X2\ escapes
    hostile = source.replace(b"'South wall'", b"'S\xc3\xbcdwand \xe2\x98\x83 \xff'")
    assert hostile != source
    up = upload(ada, pid, "raw-utf8.ifc", hostile)
    r = ada.post(f"/v1/projects/{pid}/imports", {"upload_id": up["id"]})
    job = wait_job(ada, pid, r.json()["id"])
    assert job["status"] == "done", job
    last = job["result"]["last_seq"]
    await sock.wait_for(lambda: any(b["seq"] >= last for b in sock.baked), 120, "a bake")
    assert httpx.get(f"http://127.0.0.1:{stack.port('bake')}/health",
                     timeout=10).status_code == 200
    # and the next bake still works
    level = next(e["event"]["id"] for e in sock.events.values()
                 if e["event"]["type"] == "create_level")
    from tests.support.client import wall

    await sock.send_command(wall(level, 100.0))
    await sock.wait_for(lambda: any(b["seq"] > last for b in sock.baked), 120, "a rebake")
    await sock.close()


async def test_round_trip_through_the_services_draw_export_ifc4_import_into_a_new_project(
        stack, ada):
    """Issue 5's round trip as a user makes it: the building drawn command by command over
    the socket, exported by an export job, downloaded, validated, uploaded into a new project
    and imported by an import job; what comes back matches what was drawn."""
    drawn = room_with_door_and_window()
    pid = ada.create_project("Round trip: drawn")["id"]
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    sent = [await sock.send_command(c) for c in drawn.commands]
    await sock.wait_for(lambda: all(e in sock.acks for e in sent) or bool(sock.rejects))
    assert not sock.rejects, sock.rejects
    await sock.close()
    on_server = ada.state(pid)
    assert set(on_server.elements) == set(drawn.state.elements)

    r = ada.post(f"/v1/projects/{pid}/exports", {"format": "ifc4"})
    assert r.status_code == 202, r.text
    export = wait_job(ada, pid, r.json()["id"])
    assert export["status"] == "done", export
    download = ada.get(export["result"]["url"])
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        'attachment; filename="Round trip_ drawn-ifc4.ifc"; '
        "filename*=UTF-8''Round%20trip_%20drawn-ifc4.ifc")
    assert export["result"]["filename"] == "Round trip_ drawn.ifc"
    model = ifcopenshell.file.from_string(download.text)
    assert model.schema == "IFC4"
    assert validate(model, express_rules=True) == []
    # The header names the project, who exported it and from what.
    header = model.header.file_name
    assert header.name == "Round trip_ drawn.ifc"
    assert header.author == ("Ada",)
    assert header.originating_system.startswith("PRYZM ")
    assert model.by_type("IfcProject")[0].Name == "Round trip: drawn"

    again = ada.create_project("Round trip: imported")["id"]
    up = upload(ada, again, export["result"]["filename"], download.content)
    assert up["format"] == "ifc"
    r = ada.post(f"/v1/projects/{again}/imports", {"upload_id": up["id"]})
    job = wait_job(ada, again, r.json()["id"])
    assert job["status"] == "done", job
    assert job["result"]["report"]["as_reference_because"] == {}
    back = ada.state(again)
    assert_same_building(on_server, back)
    assert "Erdgeschoss" in {level.name for level in back.levels.values()}
