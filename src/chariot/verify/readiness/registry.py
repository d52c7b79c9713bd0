"""The explicit list of readiness rules; a rule's name is its module's name with dashes."""

from __future__ import annotations

from types import ModuleType

from chariot.verify.readiness.base import Rule
from chariot.verify.readiness.rules import (
    acknowledgements_true,
    alarm_metrics_published,
    anomaly_monitor_creatable,
    api_only_through_edge,
    backup_copies_work,
    cluster_reachable,
    cost_allocation_tags,
    data_stores_classified,
    iam_policy_lint,
    images_pullable,
    kms_service_grants,
    managed_addons_pinned,
    no_engine_patch_pin_with_auto_upgrade,
    no_floating_ami_alias,
    one_autoscaler_per_pool,
    pod_eni_probes,
    retained_data_keys_retained,
    subnet_ip_budget,
    tables_backed_up,
    waits_below_handler_timeout,
)


def _named(*modules: ModuleType) -> dict[str, Rule]:
    return {m.__name__.rsplit(".", 1)[1].replace("_", "-"): m.check for m in modules}


RULES: dict[str, Rule] = _named(
    acknowledgements_true,
    alarm_metrics_published,
    anomaly_monitor_creatable,
    api_only_through_edge,
    backup_copies_work,
    iam_policy_lint,
    images_pullable,
    kms_service_grants,
    waits_below_handler_timeout,
    pod_eni_probes,
    retained_data_keys_retained,
    no_engine_patch_pin_with_auto_upgrade,
    no_floating_ami_alias,
    one_autoscaler_per_pool,
    subnet_ip_budget,
    cluster_reachable,
    managed_addons_pinned,
    data_stores_classified,
    tables_backed_up,
    cost_allocation_tags,
)
