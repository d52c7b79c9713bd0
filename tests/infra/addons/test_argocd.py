"""Argo CD: pinned chart, no local admin, one Application syncing the environment's folder."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.argocd import NAMESPACE, application
from chariot.spec.dr_region import dr_view
from chariot.spec.model import GitOps, PlatformSpec
from tests.infra.cfn import manifests, releases
from tests.infra.conftest import VARIANT_GITOPS


def test_the_application_follows_the_spec(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    app = application(spec, GitOps(repository="git@github.com:acme/deploy.git", prune=False))
    assert app["metadata"] == {"name": "chariot-prod", "namespace": NAMESPACE}
    assert app["spec"]["source"] == {
        "repoURL": "git@github.com:acme/deploy.git",
        "targetRevision": "main",
        "path": "dist/prod/k8s",
    }
    assert app["spec"]["destination"] == {"server": "https://kubernetes.default.svc"}
    assert app["spec"]["syncPolicy"]["automated"] == {"prune": False, "selfHeal": True}
    assert "finalizers" not in app["metadata"]  # removing Argo CD leaves the services running


def test_a_path_in_the_spec_wins(specs: dict[str, PlatformSpec]) -> None:
    gitops = GitOps(repository="https://github.com/acme/deploy.git", path="envs/prod")
    assert application(specs["prod"], gitops)["spec"]["source"]["path"] == "envs/prod"


def test_the_dr_cluster_follows_the_dr_rendering_beside_the_folder(
    specs: dict[str, PlatformSpec],
) -> None:
    """The standby runs the same services: its Argo CD syncs what `chariot synth` rendered for
    the DR region (`dist/<env>/k8s-<dr_region>`), next to the environment's folder."""
    view = dr_view(specs["prod"])
    default = GitOps(repository="https://github.com/acme/deploy.git")
    assert application(view, default)["spec"]["source"]["path"] == "dist/prod/k8s-us-west-2"
    custom = GitOps(repository="https://github.com/acme/deploy.git", path="envs/prod")
    assert application(view, custom)["spec"]["source"]["path"] == "envs/prod-us-west-2"


@pytest.mark.synth
def test_installed_only_when_the_spec_names_a_repository(
    synthesized: dict[str, Any], variant: Any
) -> None:
    assert "argo-cd" not in releases(synthesized["prod"].json("addons"))
    template = variant.json("addons")
    release = releases(template)["argo-cd"]
    assert (release.chart, release.version, release.namespace) == ("argo-cd", "9.5.4", "argocd")
    assert release.values["configs"]["cm"]["admin.enabled"] is False
    assert release.values["dex"] == {"enabled": False}
    assert release.wait
    (app,) = [m for m in manifests(template) if m["kind"] == "Application"]
    assert app["spec"]["source"]["repoURL"] == VARIANT_GITOPS.repository
    assert app["spec"]["source"]["path"] == "dist/variant/k8s"
