"""vulnerabilities: findings on assets, and what a vulnerable asset affects.

Table `VulnerabilityService-<env>`: `pk=ACCOUNT#<id>#ASSET#<asset>`, `sk=VULN#<id>`, so the
findings of one asset are one Query. A finding's id derives from the asset and its CVE (or title
when there is none): reporting the same finding twice returns the first report. The service owns
no asset data: it learns that an asset exists, and what depends on it, from the shared graph the
assets service writes (`Asset` nodes; edges point from the dependent to its dependency), so the
"affected" query walks incoming edges up to five hops from the vulnerable asset.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import BaseModel, Field

from chariot.runtime.kit.app import (
    Caller,
    Kit,
    KitDep,
    cached_item,
    create_service_app,
    read_item,
)
from chariot.runtime.kit.cypher import Query as Cypher
from chariot.runtime.kit.errors import NotFoundError
from chariot.runtime.kit.handlers import (
    Slug,
    Strict,
    create_once,
    page_view,
    update_and_invalidate,
)
from chariot.runtime.kit.hot import HotRead
from chariot.runtime.kit.items import now, stable_id
from chariot.runtime.kit.settings import Settings

Severity = Literal["critical", "high", "medium", "low", "info"]
State = Literal["open", "triaged", "fixed", "accepted"]
MAX_HOPS = 5


class VulnerabilitiesSettings(Settings):
    service: str = "vulnerabilities"
    graph_backend: Literal["falkordb", "neptune", "none"] = "falkordb"


class FindingIn(Strict):
    title: Annotated[str, Field(min_length=3, max_length=300)]
    severity: Severity
    status: State = "open"
    cve: Annotated[str | None, Field(pattern=r"^CVE-\d{4}-\d{4,7}$")] = None
    description: Annotated[str, Field(max_length=4000)] = ""


class FindingPatch(Strict):
    status: State | None = None
    severity: Severity | None = None


class Finding(BaseModel):
    vulnerability_id: str
    account_id: str
    asset_id: str
    title: str
    severity: str
    status: str
    cve: str | None = None
    description: str
    created_at: str
    version: int


class FindingPage(BaseModel):
    items: list[Finding]
    cursor: str | None


class AffectedAsset(BaseModel):
    asset_id: str
    type: str | None
    value: str | None
    hops: int


class Affected(BaseModel):
    vulnerability: Finding
    affected: list[AffectedAsset]


ASSET_IN_ACCOUNT = Cypher(
    "asset_in_account",
    "MATCH (a:Asset {id: $id}) WHERE a.account = $account RETURN a.id AS id",
)
# Bounded walk (Neptune needs static bounds); min(length(p)) keeps the shortest hop count.
DEPENDENTS = Cypher(
    "dependents",
    f"MATCH p = (d:Asset)-[*1..{MAX_HOPS}]->(v:Asset {{id: $id}}) "
    "WHERE d.account = $account AND d.id <> $id "
    "RETURN d.id AS asset_id, d.type AS type, d.value AS value, min(length(p)) AS hops "
    "ORDER BY hops, asset_id",
)

router = APIRouter(
    prefix="/v1/accounts/{account_id}/assets/{asset_id}/vulnerabilities",
    tags=["vulnerabilities"],
)


def _key(account_id: str, asset_id: str, vulnerability_id: str) -> tuple[str, str]:
    return f"ACCOUNT#{account_id}#ASSET#{asset_id}", f"VULN#{vulnerability_id}"


async def _require_asset(kit: Kit, account_id: str, asset_id: str) -> None:
    rows = await kit.need_graph().run(ASSET_IN_ACCOUNT, id=asset_id, account=account_id)
    if not rows:
        raise NotFoundError(f"no asset {asset_id!r} in account {account_id!r}")


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Finding)
async def report(
    *,
    account_id: Slug,
    asset_id: str,
    body: FindingIn,
    caller: Caller,
    kit: KitDep,
    response: Response,
) -> Any:
    """Report a finding on an asset; the same CVE (or title) again returns the first report."""
    caller.require_account(account_id)
    await _require_asset(kit, account_id, asset_id)
    vulnerability_id = stable_id(account_id, asset_id, body.cve or body.title.lower())
    pk, sk = _key(account_id, asset_id, vulnerability_id)
    payload = body.model_dump()
    return await create_once(
        kit,
        response,
        {
            "pk": pk,
            "sk": sk,
            "vulnerability_id": vulnerability_id,
            "account_id": account_id,
            "asset_id": asset_id,
            **payload,
            "created_at": now(),
        },
        payload,
    )


@router.get("", response_model=FindingPage)
async def list_findings(
    *,
    account_id: Slug,
    asset_id: str,
    caller: Caller,
    kit: KitDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: str | None = None,
) -> Any:
    """The findings of one asset (one partition), in id order."""
    caller.require_account(account_id)
    page = await kit.repo.query(
        f"ACCOUNT#{account_id}#ASSET#{asset_id}", "VULN#", limit=limit, cursor=cursor
    )
    return page_view(page)


@router.get("/{vulnerability_id}", response_model=Finding)
async def get_finding(
    *,
    account_id: Slug,
    asset_id: str,
    vulnerability_id: str,
    caller: Caller,
    kit: KitDep,
) -> Any:
    caller.require_account(account_id)
    pk, sk = _key(account_id, asset_id, vulnerability_id)
    return await cached_item(kit, pk, sk)


@router.patch("/{vulnerability_id}", response_model=Finding)
async def update_finding(
    *,
    account_id: Slug,
    asset_id: str,
    vulnerability_id: str,
    body: FindingPatch,
    caller: Caller,
    kit: KitDep,
    if_match: Annotated[str | None, Header()] = None,
) -> Any:
    """Triage or fix a finding; `If-Match: <version>` refuses a stale write with 409."""
    caller.require_account(account_id)
    return await update_and_invalidate(
        kit,
        _key(account_id, asset_id, vulnerability_id),
        body.model_dump(exclude_none=True),
        if_match,
    )


@router.get("/{vulnerability_id}/affected", response_model=Affected)
async def affected(
    *,
    account_id: Slug,
    asset_id: str,
    vulnerability_id: str,
    caller: Caller,
    kit: KitDep,
) -> Any:
    """Every asset that depends, directly or through up to five hops, on the vulnerable one."""
    caller.require_account(account_id)
    pk, sk = _key(account_id, asset_id, vulnerability_id)
    finding, _ = await read_item(kit, pk, sk)
    rows = await kit.need_graph().run(DEPENDENTS, id=asset_id, account=account_id)
    return {"vulnerability": finding, "affected": rows}


def create_app(settings: VulnerabilitiesSettings | None = None) -> Any:
    """The vulnerabilities service (granian `--factory`, see the registry)."""
    settings = settings or VulnerabilitiesSettings()
    return create_service_app(
        settings,
        title="vulnerabilities",
        description="Vulnerability findings on assets and their blast radius through the graph.",
        routers=[router],
        cache=True,
        graph=True,
        hot=[
            HotRead(
                "/v1/accounts/{account_id}/assets/{asset_id}/vulnerabilities/{vulnerability_id}",
                lambda p: _key(p["account_id"], p["asset_id"], p["vulnerability_id"]),
            )
        ],
    )
