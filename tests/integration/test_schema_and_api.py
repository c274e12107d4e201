"""The schema the code expects, the REST error shape, and the OpenAPI document."""

from __future__ import annotations

import asyncio

import httpx
import psycopg
import pytest
from tests.support.client import Socket, User, wall

from pryzm.errors import MigrationError
from pryzm.store import migrations

EXPECTED_TABLES = {"schema_migrations", "users", "projects", "project_members",
                   "command_events", "snapshots", "jobs", "artefacts", "audit_log"}


def _fresh_database(stack, name: str) -> str:
    with psycopg.connect(stack.database_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return stack.database_url().replace("/postgres?", f"/{name}?")


def test_migrations_replay_to_the_expected_schema_exactly_once(stack):
    url = _fresh_database(stack, "replay")

    async def race() -> list[list[str]]:
        return await asyncio.gather(*(migrations.migrate(url) for _ in range(4)))

    results = asyncio.run(race())
    assert sorted(len(r) for r in results) == [0, 0, 0, len(migrations.available())]
    with psycopg.connect(url) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        columns = {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'command_events'")}
        applied = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY 1")]
    assert EXPECTED_TABLES <= tables
    assert {"project_id", "seq", "event_id", "actor", "type", "payload",
            "created_at"} <= columns
    assert applied == [name for name, _ in migrations.available()]


def test_a_failing_migration_is_named(stack, monkeypatch):
    url = _fresh_database(stack, "broken")
    good = migrations.available()
    monkeypatch.setattr(migrations, "available",
                        lambda: [*good, ("0999_broken", "ALTER TABLE nowhere ADD x int;")])
    with pytest.raises(MigrationError, match="0999_broken"):
        asyncio.run(migrations.migrate(url))
    with psycopg.connect(url) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
    assert "0999_broken" not in applied


def test_errors_have_one_shape(stack, ada: User):
    cases = [
        httpx.get(f"{stack.url}/v1/projects"),                          # no token
        httpx.get(f"{stack.url}/v1/projects", headers={"Authorization": "Bearer junk"}),
        ada.get("/v1/projects/not-a-uuid"),
        ada.get("/v1/projects/00000000-0000-0000-0000-000000000000"),
        ada.post("/v1/projects", {"name": ""}),
        ada.post("/v1/projects", {"nope": 1}),
        httpx.get(f"{stack.url}/v1/no/such/route"),
    ]
    expected = [401, 401, 404, 404, 422, 422, 404]
    assert [r.status_code for r in cases] == expected
    for r in cases:
        body = r.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "details"}
        assert body["error"]["code"] and body["error"]["message"]


def test_openapi_lists_the_api(stack):
    spec = httpx.get(f"{stack.url}/v1/openapi.json").json()
    for path in ("/v1/health", "/v1/me", "/v1/projects", "/v1/projects/{project_id}",
                 "/v1/projects/{project_id}/events", "/v1/projects/{project_id}/bakes/latest",
                 "/v1/projects/{project_id}/artefacts/{artefact_id}"):
        assert path in spec["paths"], path


def test_event_pages_follow_the_log(stack, ada: User):
    pid = ada.create_project("Pages")["id"]
    page = ada.get(f"/v1/projects/{pid}/events", params={"after": 0, "limit": 1}).json()
    assert [e["seq"] for e in page["events"]] == [1]
    assert page["more"] is False and page["next_after"] == 1
    assert ada.get(f"/v1/projects/{pid}/events", params={"after": 1}).json()["events"] == []
    assert ada.get(f"/v1/projects/{pid}/bakes/latest").status_code in (200, 404)


def test_h5_a_service_whose_migration_fails_exits_non_zero_naming_it(stack, tmp_path):
    import os
    import subprocess
    import sys

    url = _fresh_database(stack, "clash")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE users (id int)")  # makes 0001_init fail for real
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRYZM_")}
    env.update({"PRYZM_DATABASE_URL": url, "PRYZM_SECRET_KEY": "s" * 40,
                "PRYZM_HOME": str(tmp_path), "PRYZM_SYNC_PORT": "0"})
    result = subprocess.run([sys.executable, "-m", "pryzm", "serve", "sync"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "0001_init" in result.stdout + result.stderr


def test_signing_in_again_with_the_same_name_is_the_same_user(stack):
    first = User.sign_in(stack.url, "Grace Hopper")
    pid = first.create_project("Harvard Mark I")["id"]
    again = User.sign_in(stack.url, "  grace   HOPPER ")
    assert again.id == first.id and again.token != first.token
    assert again.display_name == "grace HOPPER"
    assert pid in {p["id"] for p in again.get("/v1/projects").json()}
    other = User.sign_in(stack.url, "Grace Murray")
    assert other.id != first.id
    assert pid not in {p["id"] for p in other.get("/v1/projects").json()}


@pytest.mark.anyio
async def test_event_pages_walk_a_longer_log_in_order(stack, ada: User):
    """Paging: every page but the last says `more`, `next_after` is where the next starts,
    and the pages together are the log in order, each event once."""
    pid = ada.create_project("Long log")["id"]
    level = ada.first_level(pid)
    sock = await Socket.open(stack.ws_url, pid, ada)
    await sock.caught_up()
    for i in range(6):
        event_id = await sock.send_command(wall(level, i * 5.0))
        await sock.wait_for(lambda e=event_id: e in sock.acks)
    await sock.close()
    seqs, after, pages = [], 0, 0
    while True:
        page = ada.get(f"/v1/projects/{pid}/events", params={"after": after, "limit": 2}).json()
        seqs += [e["seq"] for e in page["events"]]
        pages += 1
        assert page["next_after"] == (seqs[-1] if page["events"] else after)
        after = page["next_after"]
        if not page["more"]:
            break
        assert len(page["events"]) == 2
    assert seqs == list(range(1, 8)) and pages == 4


def test_changes_to_projects_and_members_are_in_the_audit_log(stack, ada: User, bob: User):
    pid = ada.create_project("Audited")["id"]
    ada.add_member(pid, bob)
    r = httpx.patch(f"{stack.url}/v1/projects/{pid}", json={"name": "Audited (renamed)"},
                    headers=ada.headers, timeout=30)
    assert r.status_code == 200, r.text
    r = httpx.delete(f"{stack.url}/v1/projects/{pid}/members/{bob.id}", headers=ada.headers,
                     timeout=30)
    assert r.status_code == 204, r.text
    with psycopg.connect(stack.database_url()) as conn:
        rows = conn.execute("SELECT actor::text, action FROM audit_log WHERE project_id = %s "
                            "ORDER BY at, id", (pid,)).fetchall()
    assert rows == [(ada.id, "project.create"), (ada.id, "member.add"),
                    (ada.id, "project.update"), (ada.id, "member.remove")]


def test_pryzm_migrate_applies_what_is_pending_and_then_nothing(stack, tmp_path):
    import os
    import subprocess
    import sys

    url = _fresh_database(stack, "migrate_cli")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRYZM_")}
    env.update({"PRYZM_DATABASE_URL": url, "PRYZM_HOME": str(tmp_path)})
    first = subprocess.run([sys.executable, "-m", "pryzm", "migrate"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    names = [name for name, _ in migrations.available()]
    assert all(name in first.stdout for name in names)
    with psycopg.connect(url) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY 1")]
    assert applied == names
    again = subprocess.run([sys.executable, "-m", "pryzm", "migrate"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert not any(name in again.stdout for name in names)


def test_every_log_line_of_pryzm_up_names_its_service(stack):
    lines = [line for line in stack.output().splitlines() if line.strip()]
    prefixes = {line.split("|", 1)[0].strip() for line in lines}
    assert {"pryzm", "api-gateway", "sync-server", "bake-worker"} <= prefixes
    assert all("|" in line for line in lines)
