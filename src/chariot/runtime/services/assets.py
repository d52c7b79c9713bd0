"""assets: an account's domains, IPs and services, and the relationships between them.

Table `AssetService-<env>`: `pk=ACCOUNT#<id>`, `sk=ASSET#<id>`; GSI1 lists an account's assets
of one type by status (`gsi1pk=ACCOUNT#<id>#TYPE#<type>`, `gsi1sk=STATUS#<status>#ASSET#<id>`).
An asset's id derives from (account, type, value), so registering the same domain twice
returns the first registration. Every asset is a node in the graph, and relationships
("this domain RESOLVES_TO that IP", "this service RUNS_ON that IP") are edges that point from the
dependent asset to what it depends on — the vulnerabilities service walks them backwards.
The table write comes first and the graph MERGE second; both are idempotent, so a request that
failed between them is completed by its retry. A delete runs the other way round and in three
steps: tombstone the row (the asset is gone for every read, and moves to the GSI1 partition of
pending deletes), DETACH DELETE the node, purge the row. A delete cut short by a graph outage
answers 503 and is finished by its retry or, without one, by the service's periodic pass over the
pending deletes (`CHARIOT_DELETE_RECONCILE_SECONDS`), so table and graph converge.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import BaseModel, Field, model_validator

from chariot.runtime.kit.app import (
    Caller,
    Kit,
    KitDep,
    cached_item,
    create_service_app,
    invalidate,
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
from chariot.runtime.kit.items import expected_version, now, stable_id
from chariot.runtime.kit.settings import Settings

AssetType = Literal["domain", "ip", "service"]
Status = Literal["active", "inactive", "retired"]
Relation = Literal["RESOLVES_TO", "RUNS_ON", "DEPENDS_ON", "HOSTS"]

_DOMAIN = r"^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
_SERVICE = r"^[a-z0-9][-a-z0-9.]{0,252}(:\d{1,5})?(/(tcp|udp|http|https))?$"


class AssetsSettings(Settings):
    service: str = "assets"
    graph_backend: Literal["falkordb", "neptune", "none"] = "falkordb"
    # How often pending deletes (tombstoned, node maybe still in the graph) are finished; 0: off.
    delete_reconcile_seconds: Annotated[float, Field(ge=0, le=3600)] = 10.0


class AssetIn(Strict):
    type: AssetType
    value: Annotated[str, Field(min_length=1, max_length=253)]
    status: Status = "active"
    tags: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=20)] = []  # noqa: RUF012

    @model_validator(mode="after")
    def _value_matches_type(self) -> AssetIn:
        value = self.value.lower()
        if self.type == "ip":
            try:
                value = str(ipaddress.ip_address(value))
            except ValueError:
                raise ValueError(f"value {self.value!r} is not an IP address") from None
        elif self.type == "domain" and not re.match(_DOMAIN, value):
            raise ValueError(f"value {self.value!r} is not a domain name")
        elif self.type == "service" and not re.match(_SERVICE, value):
            raise ValueError(f"value {self.value!r} is not a service such as api.example.com:443")
        self.value = value
        return self


class AssetPatch(Strict):
    status: Status | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=20)] | None = None


class Asset(BaseModel):
    asset_id: str
    account_id: str
    type: str
    value: str
    status: str
    tags: list[str]
    created_at: str
    version: int


class AssetPage(BaseModel):
    items: list[Asset]
    cursor: str | None


class RelationshipIn(Strict):
    kind: Relation
    target_id: Annotated[str, Field(min_length=1, max_length=64)]


class Relationship(BaseModel):
    kind: str
    source_id: str
    target_id: str


class Relationships(BaseModel):
    asset_id: str
    outgoing: list[Relationship]
    incoming: list[Relationship]


UPSERT_ASSET = Cypher(
    "upsert_asset",
    "MERGE (a:Asset {id: $id}) SET a.account = $account, a.type = $type, a.value = $value",
)
DELETE_ASSET = Cypher("delete_asset", "MATCH (a:Asset {id: $id}) DETACH DELETE a")
# One statement per relation: Cypher cannot take a relationship type as a parameter.
LINK = {
    kind: Cypher(
        f"link_{kind.lower()}",
        "MATCH (s:Asset {id: $source}), (t:Asset {id: $target}) "
        f"MERGE (s)-[:{kind}]->(t) RETURN s.id AS source",
    )
    for kind in ("RESOLVES_TO", "RUNS_ON", "DEPENDS_ON", "HOSTS")
}
EDGES = Cypher(
    "asset_edges",
    "MATCH (s:Asset)-[r]->(t:Asset) WHERE s.id = $id OR t.id = $id "
    "RETURN type(r) AS kind, s.id AS source_id, t.id AS target_id",
)

router = APIRouter(prefix="/v1/accounts/{account_id}/assets", tags=["assets"])
PENDING_DELETES = "DELETING"
"""The GSI1 partition a tombstoned asset moves to until its delete is finished."""
PENDING_PAGE = 25


def _key(account_id: str, asset_id: str) -> tuple[str, str]:
    return f"ACCOUNT#{account_id}", f"ASSET#{asset_id}"


def _gsi1(account_id: str, asset_type: str, status_: str, asset_id: str) -> dict[str, str]:
    return {
        "gsi1pk": f"ACCOUNT#{account_id}#TYPE#{asset_type}",
        "gsi1sk": f"STATUS#{status_}#ASSET#{asset_id}",
    }


async def _graph_upsert(kit: Kit, item: dict[str, Any]) -> None:
    await kit.need_graph().run(
        UPSERT_ASSET,
        id=item["asset_id"],
        account=item["account_id"],
        type=item["type"],
        value=item["value"],
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Asset)
async def create_asset(
    *, account_id: Slug, body: AssetIn, caller: Caller, kit: KitDep, response: Response
) -> Any:
    """Register an asset; the same (type, value) again returns the first registration."""
    caller.require_account(account_id)
    asset_id = stable_id(account_id, body.type, body.value)
    pk, sk = _key(account_id, asset_id)
    payload = body.model_dump()
    item = await create_once(
        kit,
        response,
        {
            "pk": pk,
            "sk": sk,
            **_gsi1(account_id, body.type, body.status, asset_id),
            "asset_id": asset_id,
            "account_id": account_id,
            **payload,
            "created_at": now(),
        },
        payload,
    )
    await _graph_upsert(kit, item)  # also on a retry: completes a create cut short before
    return item


@router.get("", response_model=AssetPage)
async def list_assets(
    *,
    account_id: Slug,
    caller: Caller,
    kit: KitDep,
    type: AssetType | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: str | None = None,
) -> Any:
    """All assets of the account, or those of one type (and status) through GSI1."""
    caller.require_account(account_id)
    if type is not None:
        prefix = f"STATUS#{status_}#" if status_ else None
        page = await kit.repo.query(
            f"ACCOUNT#{account_id}#TYPE#{type}", prefix, index="GSI1", limit=limit, cursor=cursor
        )
    else:
        page = await kit.repo.query(f"ACCOUNT#{account_id}", "ASSET#", limit=limit, cursor=cursor)
        if status_ is not None:
            page.items[:] = [i for i in page.items if i.get("status") == status_]
    return page_view(page)


@router.get("/{asset_id}", response_model=Asset)
async def get_asset(*, account_id: Slug, asset_id: str, caller: Caller, kit: KitDep) -> Any:
    caller.require_account(account_id)
    pk, sk = _key(account_id, asset_id)
    return await cached_item(kit, pk, sk)


@router.patch("/{asset_id}", response_model=Asset)
async def update_asset(
    *,
    account_id: Slug,
    asset_id: str,
    body: AssetPatch,
    caller: Caller,
    kit: KitDep,
    if_match: Annotated[str | None, Header()] = None,
) -> Any:
    """Change status or tags; `If-Match: <version>` refuses a stale write with 409."""
    caller.require_account(account_id)
    pk, sk = _key(account_id, asset_id)
    changes = body.model_dump(exclude_none=True)
    if "status" in changes:
        current = await kit.repo.get(pk, sk)
        if current is None:
            raise NotFoundError(f"no asset {asset_id!r}")
        changes.update(_gsi1(account_id, current["type"], changes["status"], asset_id))
    return await update_and_invalidate(kit, (pk, sk), changes, if_match)


@router.delete("/{asset_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_asset(
    *,
    account_id: Slug,
    asset_id: str,
    caller: Caller,
    kit: KitDep,
    if_match: Annotated[str | None, Header()] = None,
) -> None:
    """Delete the asset and its node (with every relationship) from the graph.

    A 503 means the delete was accepted (the asset is already gone for reads) but not finished:
    retry it, with the same `If-Match`; it also finishes on its own once the graph is back."""
    caller.require_account(account_id)
    key = _key(account_id, asset_id)
    pending = {"gsi1pk": PENDING_DELETES, "gsi1sk": f"{key[0]}#{key[1]}"}
    await kit.repo.tombstone(*key, expected_version(if_match), pending, now())
    await invalidate(kit, key)
    await _finish_delete(kit, account_id, asset_id)


async def _finish_delete(kit: Kit, account_id: str, asset_id: str) -> None:
    """Node first, then the row: the row is the record that the delete is still pending."""
    await kit.need_graph().run(DELETE_ASSET, id=asset_id)
    await kit.repo.purge(*_key(account_id, asset_id))


async def finish_pending_deletes(kit: Kit) -> int:
    """One pass over the pending deletes (a page of them); the number finished."""
    page = await kit.repo.query(PENDING_DELETES, index="GSI1", limit=PENDING_PAGE, deleted=True)
    for item in page.items:
        await _finish_delete(kit, item["account_id"], item["asset_id"])
    return len(page.items)


@router.post(
    "/{asset_id}/relationships", status_code=status.HTTP_201_CREATED, response_model=Relationship
)
async def link_assets(
    *, account_id: Slug, asset_id: str, body: RelationshipIn, caller: Caller, kit: KitDep
) -> Any:
    """Record that this asset depends on another one (e.g. a domain RESOLVES_TO an IP)."""
    caller.require_account(account_id)
    for wanted in (asset_id, body.target_id):
        item = await kit.repo.get(*_key(account_id, wanted))
        if item is None:
            raise NotFoundError(f"no asset {wanted!r} in account {account_id!r}")
        await _graph_upsert(kit, item)
    await kit.need_graph().run(LINK[body.kind], source=asset_id, target=body.target_id)
    return {"kind": body.kind, "source_id": asset_id, "target_id": body.target_id}


@router.get("/{asset_id}/relationships", response_model=Relationships)
async def relationships(*, account_id: Slug, asset_id: str, caller: Caller, kit: KitDep) -> Any:
    caller.require_account(account_id)
    if await kit.repo.get(*_key(account_id, asset_id)) is None:
        raise NotFoundError(f"no asset {asset_id!r}")
    rows = await kit.need_graph().run(EDGES, id=asset_id)
    return {
        "asset_id": asset_id,
        "outgoing": sorted(
            (r for r in rows if r["source_id"] == asset_id),
            key=lambda r: (r["kind"], r["target_id"]),
        ),
        "incoming": sorted(
            (r for r in rows if r["target_id"] == asset_id),
            key=lambda r: (r["kind"], r["source_id"]),
        ),
    }


def create_app(settings: AssetsSettings | None = None) -> Any:
    """The assets service (granian: `--factory chariot.runtime.services.assets:create_app`)."""
    settings = settings or AssetsSettings()
    return create_service_app(
        settings,
        title="assets",
        description="Assets of an account (domains, IPs, services) and their relationships.",
        routers=[router],
        cache=True,
        graph=True,
        hot=[
            HotRead(
                "/v1/accounts/{account_id}/assets/{asset_id}",
                lambda p: _key(p["account_id"], p["asset_id"]),
            )
        ],
        every=[(settings.delete_reconcile_seconds, finish_pending_deletes)]
        if settings.delete_reconcile_seconds
        else [],
    )
