"""The API server's structural semantics, on a small test CRD and on the pinned upstream CRDs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from chariot.k8s.validate.crds import catalog, prepare, structural
from chariot.k8s.validate.findings import Finding
from chariot.k8s.validate.validator import validate_paths

TEST_CRDS = Path(__file__).parent / "data" / "crds"


def _widget(spec: dict[str, Any], version: str = "v1") -> dict[str, Any]:
    return {
        "apiVersion": f"test.chariot.io/{version}",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "shop"},
        "spec": spec,
    }


def _check(tmp_path: Path, obj: dict[str, Any], crds: Path = TEST_CRDS) -> list[Finding]:
    file = tmp_path / "object.yaml"
    file.write_text(yaml.safe_dump(obj))
    return validate_paths([file], "1.35", crds)


def test_a_valid_widget_passes(tmp_path: Path) -> None:
    widget = _widget(
        {
            "size": 3,
            "port": "http",
            "note": None,
            "extra": {"anything": {"goes": [1]}},
            "labels": {"a": "b"},
            "tags": ["x", "y"],
            "ports": [{"name": "a", "number": 1}, {"name": "b", "number": 1}],
            "endpoint": "https://example.test/x",
        }
    )
    assert _check(tmp_path, widget) == []


def test_unknown_fields_are_rejected_at_any_depth(tmp_path: Path) -> None:
    findings = _check(
        tmp_path, _widget({"size": 1, "sise": 2, "ports": [{"name": "a", "nmber": 1}]})
    )
    assert {(f.path, f.rule) for f in findings} == {
        ("spec.sise", "crd-schema"),
        ("spec.ports[0].nmber", "crd-schema"),
    }
    assert all(f.reason.startswith("unknown field") for f in findings)


def test_int_or_string_and_types(tmp_path: Path) -> None:
    assert _check(tmp_path, _widget({"size": 1, "port": 8080})) == []
    (finding,) = _check(tmp_path, _widget({"size": 1, "port": True}))
    assert finding.path == "spec.port"


def test_null_is_kept_where_nullable_and_pruned_elsewhere(tmp_path: Path) -> None:
    assert _check(tmp_path, _widget({"size": 1, "note": None, "colour": None})) == []
    # a pruned null leaves a required field missing, as on the server
    (finding,) = _check(tmp_path, _widget({"size": None}))
    assert (finding.path, finding.reason) == ("spec.size", "required field is missing")


def test_defaults_are_applied_before_cel(tmp_path: Path) -> None:
    crd = catalog(TEST_CRDS).kinds[("test.chariot.io", "Widget")]["v1"]
    assert prepare(_widget({"size": 1}), crd.schema)["spec"]["maxSize"] == 10
    (finding,) = _check(tmp_path, _widget({"size": 11}))  # exceeds the default maxSize
    assert (finding.rule, finding.reason) == ("cel", "size must not exceed maxSize")


def test_transition_rules_are_skipped_on_create(tmp_path: Path) -> None:
    # `self.size >= oldSelf.size` would fail to evaluate without an old object
    assert _check(tmp_path, _widget({"size": 1})) == []


def test_cel_with_kubernetes_url_functions(tmp_path: Path) -> None:
    (finding,) = _check(tmp_path, _widget({"size": 1, "endpoint": "http://plain.test"}))
    assert (finding.path, finding.rule, finding.reason) == (
        "spec.endpoint",
        "cel",
        "endpoint must be https",
    )


def test_list_types_refuse_duplicates(tmp_path: Path) -> None:
    findings = _check(
        tmp_path,
        _widget({"size": 1, "tags": ["x", "x"], "ports": [{"name": "a"}, {"name": "a"}]}),
    )
    assert sorted(f.path for f in findings) == ["spec.ports[1]", "spec.tags[1]"]
    assert all("duplicate entry" in f.reason for f in findings)


def test_version_not_served(tmp_path: Path) -> None:
    (finding,) = _check(tmp_path, _widget({"size": 1}, version="v0"))
    assert finding.path == "apiVersion"
    assert "not served" in finding.reason


def test_metadata_is_checked_as_object_meta(tmp_path: Path) -> None:
    widget = _widget({"size": 1})
    widget["metadata"]["labelz"] = {"a": "b"}
    (finding,) = _check(tmp_path, widget)
    assert finding.path == "metadata.labelz"


def test_structural_rewrite_closes_objects_but_not_preserved_ones() -> None:
    crd = catalog(TEST_CRDS).kinds[("test.chariot.io", "Widget")]["v1"]
    schema = structural(crd.schema, root=True)
    spec = schema["properties"]["spec"]
    assert spec["additionalProperties"] is False
    assert "additionalProperties" not in spec["properties"]["extra"]
    assert spec["properties"]["labels"]["additionalProperties"] == {"type": "string"}
    assert spec["properties"]["port"]["type"] == ["integer", "string"]
    assert spec["properties"]["note"]["type"] == ["string", "null"]


def test_nullable_enum_accepts_null() -> None:
    node = {"type": "string", "enum": ["A", "B"], "nullable": True}
    assert structural(node)["enum"] == ["A", "B", None]
    assert structural({"type": "string", "enum": ["A"]})["enum"] == ["A"]


# ---------------------------------------------------------------- the pinned upstream CRDs


def test_pinned_crds_are_all_loaded(crds_dir: Path) -> None:
    kinds = catalog(crds_dir).kinds
    for key in [
        ("networking.istio.io", "VirtualService"),
        ("networking.istio.io", "DestinationRule"),
        ("security.istio.io", "AuthorizationPolicy"),
        ("autoscaling.k8s.io", "VerticalPodAutoscaler"),
        ("karpenter.sh", "NodePool"),
        ("karpenter.k8s.aws", "EC2NodeClass"),
    ]:
        assert key in kinds


@pytest.mark.parametrize(
    ("obj", "path", "reason"),
    [
        (
            {
                "apiVersion": "security.istio.io/v1",
                "kind": "PeerAuthentication",
                "metadata": {"name": "p", "namespace": "shop"},
                "spec": {"portLevelMtls": {"8080": {"mode": "DISABLE"}}},
            },
            "spec",
            "portLevelMtls requires selector",
        ),
        (
            {
                "apiVersion": "security.istio.io/v1",
                "kind": "AuthorizationPolicy",
                "metadata": {"name": "a", "namespace": "shop"},
                "spec": {
                    "selector": {"matchLabels": {"app": "web"}},
                    "targetRefs": [{"kind": "Service", "group": "", "name": "web"}],
                },
            },
            "spec",
            "only one of targetRefs or selector can be set",
        ),
        (
            {
                "apiVersion": "karpenter.sh/v1",
                "kind": "NodePool",
                "metadata": {"name": "spot"},
                "spec": {
                    "template": {
                        "spec": {
                            "nodeClassRef": {
                                "group": "karpenter.k8s.aws",
                                "kind": "EC2NodeClass",
                                "name": "default",
                            },
                            "requirements": [
                                {"key": "kubernetes.io/hostname", "operator": "In", "values": ["a"]}
                            ],
                        }
                    }
                },
            },
            "spec.template.spec.requirements[0].key",
            'label "kubernetes.io/hostname" is restricted',
        ),
    ],
)
def test_upstream_cel_rules_are_enforced(
    tmp_path: Path, crds_dir: Path, obj: dict[str, Any], path: str, reason: str
) -> None:
    findings = _check(tmp_path, obj, crds_dir)
    assert (path, "cel", reason) in {(f.path, f.rule, f.reason) for f in findings}


def test_valid_karpenter_nodepool_passes_despite_transition_rules(
    tmp_path: Path, crds_dir: Path
) -> None:
    pool = {
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": {"name": "spot"},
        "spec": {
            "template": {
                "spec": {
                    "nodeClassRef": {
                        "group": "karpenter.k8s.aws",
                        "kind": "EC2NodeClass",
                        "name": "default",
                    },
                    "requirements": [
                        {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["spot"]}
                    ],
                }
            },
            "limits": {"cpu": 1000},
        },
    }
    assert _check(tmp_path, pool, crds_dir) == []


def test_vpa_quantities_are_int_or_string(tmp_path: Path, crds_dir: Path) -> None:
    vpa = {
        "apiVersion": "autoscaling.k8s.io/v1",
        "kind": "VerticalPodAutoscaler",
        "metadata": {"name": "v", "namespace": "shop"},
        "spec": {
            "targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
            "updatePolicy": {"updateMode": "Off"},
            "resourcePolicy": {
                "containerPolicies": [
                    {"containerName": "web", "maxAllowed": {"cpu": 2, "memory": "4Gi"}}
                ]
            },
        },
    }
    findings = [f for f in _check(tmp_path, vpa, crds_dir) if f.rule != "scale-targets-exist"]
    assert findings == []
