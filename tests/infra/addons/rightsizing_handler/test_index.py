"""The right-sizing handler's Kubernetes reads against a real local HTTPS server: the bearer
token is sent, the CA is the cluster's, `continue` pages are followed, and a kind the cluster
does not serve (no VPA add-on) reads as empty."""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import sys
import threading
import urllib.error
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from chariot.infra.addons.rightsizing import HANDLER
from tests.infra.handlers import load_handler

VPAS = "/apis/autoscaling.k8s.io/v1/verticalpodautoscalers"


@pytest.fixture(scope="module")
def index() -> Iterator[ModuleType]:
    sys.path.insert(0, str(HANDLER))  # as in Lambda: index imports its sibling `report`
    try:
        yield load_handler(HANDLER, "index", "rightsizing_index")
    finally:
        sys.path.remove(str(HANDLER))


class ApiServer(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]]

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization", "")))
        url = urlsplit(self.path)
        if url.path != VPAS:
            self.send_response(404)
            self.end_headers()
            return
        page = parse_qs(url.query).get("continue", [""])[0]
        body: dict[str, Any] = {
            "kind": "VerticalPodAutoscalerList",
            "items": [{"metadata": {"name": "users" if not page else "assets"}}],
            "metadata": {"continue": "" if page else "next"},
        }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A key and a certificate for 127.0.0.1, as the cluster's CA would sign the API server."""
    folder.mkdir(exist_ok=True)
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    key, cert = _self_signed(tmp_path / "server")
    seen: list[tuple[str, str]] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Api", (ApiServer,), {"seen": seen}))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        ca = base64.b64encode(cert.read_bytes()).decode()
        yield f"https://127.0.0.1:{httpd.server_address[1]}", ca, seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_pages_are_followed_with_the_bearer_token(
    index: ModuleType, api: tuple[str, str, list[tuple[str, str]]]
) -> None:
    endpoint, ca, seen = api
    items = index.kubernetes_items(endpoint, ca, "k8s-aws-v1.token", VPAS)
    assert [i["metadata"]["name"] for i in items] == ["users", "assets"]
    assert {i["kind"] for i in items} == {"VerticalPodAutoscaler"}
    assert [auth for _, auth in seen] == ["Bearer k8s-aws-v1.token"] * 2
    assert seen[1][0].endswith("continue=next")


def test_a_kind_the_cluster_does_not_serve_reads_as_empty(
    index: ModuleType, api: tuple[str, str, list[tuple[str, str]]]
) -> None:
    endpoint, ca, _ = api
    assert index.kubernetes_items(endpoint, ca, "t", "/apis/apps/v1/statefulsets") == []


def test_only_https_with_the_clusters_ca(
    index: ModuleType, api: tuple[str, str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    endpoint, _, seen = api
    with pytest.raises(ValueError, match="must be https"):
        index.kubernetes_items(endpoint.replace("https", "http"), "", "t", VPAS)
    _, stranger = _self_signed(tmp_path / "stranger")
    other_ca = base64.b64encode(stranger.read_bytes()).decode()
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        index.kubernetes_items(endpoint, other_ca, "t", VPAS)
    assert seen == []  # no token was sent to a server the CA does not vouch for


def test_the_token_is_a_presigned_get_caller_identity_naming_the_cluster(
    index: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    token = index.token("chariot-microservices-cluster", "us-east-1")
    prefix, encoded = token.split(".", 1)
    assert prefix == "k8s-aws-v1"
    assert "=" not in encoded  # base64url without padding, as aws eks get-token writes it
    url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://sts.us-east-1.amazonaws.com/")
    assert query["Action"] == ["GetCallerIdentity"]
    assert query["X-Amz-SignedHeaders"] == ["host;x-k8s-aws-id"]
    assert query["X-Amz-Expires"] == ["60"]
