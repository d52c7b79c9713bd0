"""users: accounts, their users, and login sessions kept in Redis with an expiry.

Table `UserService-<env>` (pk/sk): `ACCOUNT#<id>` holds the account (`sk=ACCOUNT`) and its users
(`sk=USER#<id>`). A user's id derives from the account and the e-mail, so creating the same user
twice returns the first one and the same e-mail with other data is a 409. Sessions live only in
Redis (`users:session:<id>`, expiring after `CHARIOT_SESSION_TTL_SECONDS`): without Redis there
are no sessions, so session routes answer 503 while reads of accounts and users fail open.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import BaseModel, Field
from redis.exceptions import RedisError

from chariot.runtime.kit.app import Caller, Kit, KitDep, cached_item, create_service_app
from chariot.runtime.kit.errors import NotFoundError, UnavailableError
from chariot.runtime.kit.handlers import (
    Slug,
    Strict,
    create_once,
    delete_and_invalidate,
    page_view,
    update_and_invalidate,
)
from chariot.runtime.kit.hot import HotRead
from chariot.runtime.kit.items import now, stable_id
from chariot.runtime.kit.settings import Settings

Email = Annotated[str, Field(pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$", max_length=254)]
Role = Literal["owner", "admin", "analyst", "viewer"]


class UsersSettings(Settings):
    service: str = "users"
    session_ttl_seconds: Annotated[int, Field(ge=60, le=86400 * 30)] = 3600


class AccountIn(Strict):
    account_id: Slug
    name: Annotated[str, Field(min_length=1, max_length=200)]
    plan: Literal["free", "team", "enterprise"] = "team"


class Account(BaseModel):
    account_id: str
    name: str
    plan: str
    created_at: str
    version: int


class UserIn(Strict):
    email: Email
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Role = "viewer"


class UserPatch(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    role: Role | None = None


class User(BaseModel):
    user_id: str
    account_id: str
    email: str
    name: str
    role: str
    created_at: str
    version: int


class UserPage(BaseModel):
    items: list[User]
    cursor: str | None


class Session(BaseModel):
    session_id: str
    user_id: str
    account_id: str
    created_at: str
    expires_at: str


def _account_key(account_id: str) -> tuple[str, str]:
    return f"ACCOUNT#{account_id}", "ACCOUNT"


def _user_key(account_id: str, user_id: str) -> tuple[str, str]:
    return f"ACCOUNT#{account_id}", f"USER#{user_id}"


router = APIRouter(prefix="/v1", tags=["users"])


def _session_ttl(kit: Kit) -> int:
    settings = kit.settings
    return settings.session_ttl_seconds if isinstance(settings, UsersSettings) else 3600


@router.post("/accounts", status_code=status.HTTP_201_CREATED, response_model=Account)
async def create_account(
    *, body: AccountIn, caller: Caller, kit: KitDep, response: Response
) -> Any:
    """Create an account (admin scope). Retrying the same request returns the account."""
    caller.require_admin()
    pk, sk = _account_key(body.account_id)
    return await create_once(
        kit,
        response,
        {"pk": pk, "sk": sk, **body.model_dump(), "created_at": now()},
        body.model_dump(),
    )


@router.get("/accounts/{account_id}", response_model=Account)
async def get_account(*, account_id: Slug, caller: Caller, kit: KitDep) -> Any:
    caller.require_account(account_id)
    pk, sk = _account_key(account_id)
    return await cached_item(kit, pk, sk)


@router.post(
    "/accounts/{account_id}/users", status_code=status.HTTP_201_CREATED, response_model=User
)
async def create_user(
    *, account_id: Slug, body: UserIn, caller: Caller, kit: KitDep, response: Response
) -> Any:
    """Add a user; one user per e-mail in an account (same request again returns it)."""
    caller.require_account(account_id)
    if await kit.repo.get(*_account_key(account_id)) is None:
        raise NotFoundError(f"no account {account_id!r}")
    email = body.email.lower()
    user_id = stable_id(account_id, email)
    pk, sk = _user_key(account_id, user_id)
    payload = {**body.model_dump(), "email": email}
    return await create_once(
        kit,
        response,
        {
            "pk": pk,
            "sk": sk,
            "user_id": user_id,
            "account_id": account_id,
            **payload,
            "created_at": now(),
        },
        payload,
    )


@router.get("/accounts/{account_id}/users", response_model=UserPage)
async def list_users(
    *,
    account_id: Slug,
    caller: Caller,
    kit: KitDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: str | None = None,
) -> Any:
    caller.require_account(account_id)
    page = await kit.repo.query(f"ACCOUNT#{account_id}", "USER#", limit=limit, cursor=cursor)
    return page_view(page)


@router.get("/accounts/{account_id}/users/{user_id}", response_model=User)
async def get_user(*, account_id: Slug, user_id: str, caller: Caller, kit: KitDep) -> Any:
    caller.require_account(account_id)
    pk, sk = _user_key(account_id, user_id)
    return await cached_item(kit, pk, sk)


@router.patch("/accounts/{account_id}/users/{user_id}", response_model=User)
async def update_user(
    *,
    account_id: Slug,
    user_id: str,
    body: UserPatch,
    caller: Caller,
    kit: KitDep,
    if_match: Annotated[str | None, Header()] = None,
) -> Any:
    """Change name or role; send `If-Match: <version>` to refuse a stale write (409)."""
    caller.require_account(account_id)
    return await update_and_invalidate(
        kit,
        _user_key(account_id, user_id),
        body.model_dump(exclude_none=True),
        if_match,
    )


@router.delete("/accounts/{account_id}/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(
    *,
    account_id: Slug,
    user_id: str,
    caller: Caller,
    kit: KitDep,
    if_match: Annotated[str | None, Header()] = None,
) -> None:
    caller.require_account(account_id)
    await delete_and_invalidate(kit, _user_key(account_id, user_id), if_match)


@router.post(
    "/accounts/{account_id}/users/{user_id}/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=Session,
)
async def create_session(*, account_id: Slug, user_id: str, caller: Caller, kit: KitDep) -> Any:
    """Open a session for a user; it expires after the configured TTL."""
    caller.require_account(account_id)
    if await kit.repo.get(*_user_key(account_id, user_id)) is None:
        raise NotFoundError(f"no user {user_id!r} in account {account_id!r}")
    created = datetime.now(UTC)
    session = {
        "session_id": secrets.token_urlsafe(24),
        "user_id": user_id,
        "account_id": account_id,
        "created_at": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "expires_at": (created + timedelta(seconds=_session_ttl(kit)))
        .isoformat(timespec="seconds")
        .replace("+00:00", "Z"),
    }
    try:
        await kit.need_redis().set(
            f"users:session:{session['session_id']}",
            json.dumps(session),
            ex=_session_ttl(kit),
        )
    except (RedisError, OSError) as exc:
        raise UnavailableError("session store", str(exc)) from exc
    return session


@router.get("/sessions/{session_id}", response_model=Session)
async def get_session(*, session_id: str, caller: Caller, kit: KitDep) -> Any:
    session = await _session(kit, session_id)
    caller.require_account(session["account_id"])
    return session


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def end_session(*, session_id: str, caller: Caller, kit: KitDep) -> None:
    session = await _session(kit, session_id)
    caller.require_account(session["account_id"])
    try:
        await kit.need_redis().delete(f"users:session:{session_id}")
    except (RedisError, OSError) as exc:
        raise UnavailableError("session store", str(exc)) from exc


async def _session(kit: Kit, session_id: str) -> dict[str, Any]:
    try:
        raw = await kit.need_redis().get(f"users:session:{session_id}")
    except (RedisError, OSError) as exc:
        raise UnavailableError("session store", str(exc)) from exc
    if raw is None:
        raise NotFoundError("no such session (it may have expired)")
    session: dict[str, Any] = json.loads(raw)
    return session


def create_app(settings: UsersSettings | None = None) -> Any:
    """The users service (granian: `--factory chariot.runtime.services.users:create_app`)."""
    settings = settings or UsersSettings()
    return create_service_app(
        settings,
        title="users",
        description="Accounts, users and their sessions.",
        routers=[router],
        cache=True,
        graph=False,
        hot=[
            HotRead("/v1/accounts/{account_id}", lambda p: _account_key(p["account_id"])),
            HotRead(
                "/v1/accounts/{account_id}/users/{user_id}",
                lambda p: _user_key(p["account_id"], p["user_id"]),
            ),
        ],
    )
