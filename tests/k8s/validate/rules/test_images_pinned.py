from __future__ import annotations

from typing import Any

import pytest

from chariot.k8s.validate.rules.images_pinned import check, pinned
from tests.k8s.validate.rules.helpers import edit, run


@pytest.mark.parametrize(
    ("image", "ok"),
    [
        ("shop/web:1.0.0", True),
        ("registry:5000/shop/web@sha256:" + "a" * 64, True),
        ("shop/web:latest", False),
        ("shop/web", False),
        ("registry:5000/shop/web", False),
    ],
)
def test_pinned(image: str, ok: bool) -> None:
    assert pinned(image) is ok


def test_tagged_image_passes_latest_fails() -> None:
    assert run(check) == []

    def change(d: dict[str, Any]) -> None:
        d["spec"]["template"]["spec"]["containers"][0]["image"] = "shop/web:latest"

    (violation,) = run(check, edit("Deployment", "web", change))
    assert violation.path == ("spec", "template", "spec", "containers", 0, "image")
