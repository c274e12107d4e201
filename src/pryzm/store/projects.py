"""Users, projects and membership."""

from __future__ import annotations

import uuid
from typing import Any

from psycopg.types.json import Jsonb

from pryzm.model import State, decide
from pryzm.store.db import Database, q
from pryzm.store.events import append_in

ROLES = ("owner", "editor", "viewer")


async def shim_user(db: Database, display_name: str) -> dict[str, Any]:
    """The user the test shim signs in for `display_name`, made on first use."""
    subject = " ".join(display_name.split()).casefold()
    async with db.connection() as conn:
        cur = await conn.execute(q("shim_user"), {"id": uuid.uuid4(), "subject": subject,
                                                  "display_name": display_name})
        return await cur.fetchone()


async def get_user(db: Database, user_id: str) -> dict[str, Any] | None:
    async with db.connection() as conn:
        return await (await conn.execute(q("get_user"), {"id": user_id})).fetchone()


async def search_users(db: Database, text: str, limit: int = 20) -> list[dict[str, Any]]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    async with db.connection() as conn:
        return await (await conn.execute(q("search_users"), {
            "pattern": pattern, "limit": limit})).fetchall()


async def create_project(db: Database, *, name: str, user_id: str,
                         first_level: str | None = "Level 0") -> dict[str, Any]:
    """A project, its owner, and (by default) a first level as its first event."""
    project_id = str(uuid.uuid4())
    async with db.transaction() as conn:
        project = await (await conn.execute(q("insert_project"), {
            "id": project_id, "name": name, "user_id": user_id})).fetchone()
        await conn.execute(q("add_member"), {"project_id": project_id, "user_id": user_id,
                                             "role": "owner"})
        if first_level:
            events = decide(State(), {"type": "create_level", "id": str(uuid.uuid4()),
                                      "name": first_level, "elevation": 0.0, "height": 3.0})
            await append_in(conn, project_id=project_id, actor=user_id,
                            command_id=str(uuid.uuid4()), events=events, expected_head=0)
            project["head_seq"] = 1
        await conn.execute(q("audit"), {"actor": user_id, "action": "project.create",
                                        "project_id": project_id,
                                        "details": Jsonb({"name": name})})
    return {**project, "role": "owner"}


async def list_projects(db: Database, user_id: str,
                        archived: bool = False) -> list[dict[str, Any]]:
    query = "list_archived_for_user" if archived else "list_projects_for_user"
    async with db.connection() as conn:
        cur = await conn.execute(q(query), {"user_id": user_id})
        return await cur.fetchall()


async def update_project(db: Database, *, project_id: str, actor: str, name: str | None,
                         archived: bool | None) -> dict[str, Any]:
    async with db.transaction() as conn:
        row = await (await conn.execute(q("update_project"), {
            "project_id": project_id, "name": name, "archived": archived})).fetchone()
        await conn.execute(q("audit"), {"actor": actor, "action": "project.update",
                                        "project_id": project_id,
                                        "details": Jsonb({"name": name, "archived": archived})})
    return row


async def remove_member(db: Database, *, project_id: str, user_id: str, actor: str) -> bool:
    """Remove a member; the last owner cannot be removed (returns False then)."""
    async with db.transaction() as conn:
        role = await (await conn.execute(q("member_role"), {
            "project_id": project_id, "user_id": user_id})).fetchone()
        if role is None:
            return True
        if role["role"] == "owner":
            owners = (await (await conn.execute(q("count_owners"), {
                "project_id": project_id})).fetchone())["owners"]
            if owners <= 1:
                return False
        await conn.execute(q("remove_member"), {"project_id": project_id, "user_id": user_id})
        await conn.execute(q("audit"), {"actor": actor, "action": "member.remove",
                                        "project_id": project_id,
                                        "details": Jsonb({"user_id": user_id})})
    return True


async def get_project(db: Database, project_id: str, user_id: str) -> dict[str, Any] | None:
    """The project with the user's role (None when they are not a member)."""
    async with db.connection() as conn:
        cur = await conn.execute(q("get_project_for_user"),
                                 {"project_id": project_id, "user_id": user_id})
        return await cur.fetchone()


async def member_role(db: Database, project_id: str, user_id: str) -> str | None:
    async with db.connection() as conn:
        row = await (await conn.execute(q("member_role"), {
            "project_id": project_id, "user_id": user_id})).fetchone()
    return row["role"] if row else None


async def add_member(db: Database, *, project_id: str, user_id: str, role: str,
                     actor: str) -> dict[str, Any]:
    async with db.transaction() as conn:
        row = await (await conn.execute(q("add_member"), {
            "project_id": project_id, "user_id": user_id, "role": role})).fetchone()
        await conn.execute(q("audit"), {"actor": actor, "action": "member.add",
                                        "project_id": project_id,
                                        "details": Jsonb({"user_id": user_id, "role": role})})
    return row


async def list_members(db: Database, project_id: str) -> list[dict[str, Any]]:
    async with db.connection() as conn:
        return await (await conn.execute(q("list_members"),
                                         {"project_id": project_id})).fetchall()
