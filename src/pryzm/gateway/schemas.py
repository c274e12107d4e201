"""Request and response bodies of the REST API (they generate the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from pryzm.model.commands.base import no_nul, not_blank

Role = Literal["owner", "editor", "viewer"]
Name = Annotated[str, AfterValidator(not_blank)]


class Request(BaseModel):
    """A request body: no unknown fields, JSON types as they are (no "yes" for true), and no
    NUL characters in any text (PostgreSQL cannot store them)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="after")
    def _texts_have_no_nul(self) -> Request:
        for value in self.__dict__.values():
            if isinstance(value, str):
                no_nul(value)
        return self


class SessionRequest(Request):
    display_name: Name = Field(min_length=1, max_length=100)


class User(BaseModel):
    id: str
    display_name: str


class Session(BaseModel):
    token: str
    user: User


class ProjectCreate(Request):
    name: Name = Field(min_length=1, max_length=200)


class Project(BaseModel):
    id: str
    name: str
    role: Role | None
    head_seq: int
    created_at: datetime
    created_by: str
    archived: bool = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Project:
        return cls(id=str(row["id"]), name=row["name"], role=row.get("role"),
                   head_seq=row["head_seq"], created_at=row["created_at"],
                   created_by=str(row["created_by"]),
                   archived=row.get("archived_at") is not None)


class ProjectUpdate(Request):
    name: Name | None = Field(default=None, min_length=1, max_length=200)
    archived: bool | None = None


class MemberAdd(Request):
    user_id: str
    role: Role = "editor"


class Member(BaseModel):
    user_id: str
    display_name: str
    role: Role


class EventPage(BaseModel):
    events: list[dict[str, Any]]
    next_after: int
    more: bool


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class Upload(BaseModel):
    id: str
    filename: str
    format: str
    size: int
    sha256: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Upload:
        return cls(id=str(row["id"]), filename=row["filename"], format=row["format"],
                   size=row["size"], sha256=row["sha256"], created_at=row["created_at"])
