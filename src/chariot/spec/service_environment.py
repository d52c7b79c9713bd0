"""The environment a service process reads at start-up: one contract, one prefix.

The Deployments (`chariot.k8s.deployments`) and the one-machine platform (`chariot.runtime.dev`)
set these variables; the service kit's `Settings` reads every one but the process variables
(pydantic-settings, prefix `CHARIOT_`, field name upper-cased), and `chariot.runtime.serve` reads
the process variables. `tests/runtime/kit/test_settings.py` checks that each name is read.
"""

from __future__ import annotations

PREFIX = "CHARIOT_"

SERVICE = "CHARIOT_SERVICE"  # the catalog name: which app this process serves
VERSION = "CHARIOT_VERSION"
ENVIRONMENT = "CHARIOT_ENVIRONMENT"  # local | dev | staging | prod
AWS_REGION = "CHARIOT_AWS_REGION"
TABLE_NAME = "CHARIOT_TABLE_NAME"
DYNAMODB_ENDPOINT = "CHARIOT_DYNAMODB_ENDPOINT"  # local development only

JWT_ISSUER = "CHARIOT_JWT_ISSUER"
JWKS_URL = "CHARIOT_JWKS_URL"
JWT_AUDIENCE = "CHARIOT_JWT_AUDIENCE"
JWT_AUDIENCE_CLAIM = "CHARIOT_JWT_AUDIENCE_CLAIM"

GRAPH_BACKEND = "CHARIOT_GRAPH_BACKEND"
GRAPH_URL = "CHARIOT_GRAPH_URL"
NEPTUNE_ENDPOINT = "CHARIOT_NEPTUNE_ENDPOINT"
NEPTUNE_IAM_AUTH = "CHARIOT_NEPTUNE_IAM_AUTH"

# `none`: the service runs without its cache (the DR region before a failover makes one).
CACHE_BACKEND = "CHARIOT_CACHE_BACKEND"
REDIS_URL = "CHARIOT_REDIS_URL"
REDIS_IAM_AUTH = "CHARIOT_REDIS_IAM_AUTH"
REDIS_REPLICATION_GROUP = "CHARIOT_REDIS_REPLICATION_GROUP"
CACHE_TTL_SECONDS = "CHARIOT_CACHE_TTL_SECONDS"

# Read by the container entry point (`chariot.runtime.serve`), not by Settings.
PORT = "CHARIOT_PORT"
WORKERS = "CHARIOT_WORKERS"
BACKPRESSURE = "CHARIOT_BACKPRESSURE"
PROCESS = (PORT, WORKERS, BACKPRESSURE)
