"""Where the graph and the cache go, and what they share: the database subnets, the key of
their log groups and the removal policy of the environment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import RemovalPolicy
from aws_cdk import aws_kms as kms


@dataclass(frozen=True)
class StorePlacement:
    subnet_ids: Sequence[str]
    logs_key: kms.IKey
    removal: RemovalPolicy
