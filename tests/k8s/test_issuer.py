from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.k8s.issuer import cognito_issuer, from_stack_outputs, resolve
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import SpecError


def _outputs(tmp_path: Path, data: object) -> Path:
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps(data))
    return file


def test_spec_issuer_wins(prod: PlatformSpec) -> None:
    jwt = prod.edge.jwt.model_copy(
        update={"issuer": "https://idp.example.org", "jwks_uri": "https://idp.example.org/keys"}
    )
    spec = prod.model_copy(update={"edge": prod.edge.model_copy(update={"jwt": jwt})})
    issuer = resolve(spec)
    assert issuer is not None
    assert (issuer.issuer, issuer.jwks_uri, issuer.cognito) == (
        "https://idp.example.org",
        "https://idp.example.org/keys",
        False,
    )


def test_no_issuer_without_outputs(prod: PlatformSpec) -> None:
    assert resolve(prod) is None


def test_issuer_and_jwks_outputs(prod: PlatformSpec, tmp_path: Path) -> None:
    file = _outputs(
        tmp_path,
        {
            "chariot-prod-edge": {
                "CognitoIssuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
                "CognitoJwksUri": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/jwks",
            },
            "chariot-prod-network": {"VpcId": "vpc-1"},
        },
    )
    issuer = from_stack_outputs(prod, file)
    assert issuer.issuer == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
    assert issuer.jwks_uri.endswith("/jwks")
    assert issuer.cognito


def test_pool_id_output_with_cdk_hash_suffix(prod: PlatformSpec, tmp_path: Path) -> None:
    file = _outputs(tmp_path, {"edge": {"AuthCognitoUserPoolId0A1B2C3D": "eu-west-1_XyZ987"}})
    issuer = resolve(prod, file)
    assert issuer is not None
    assert issuer.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_XyZ987"
    assert issuer.jwks_uri == f"{issuer.issuer}/.well-known/jwks.json"


def test_cognito_issuer_refuses_a_non_pool_id() -> None:
    with pytest.raises(ValueError, match="not a Cognito user pool id"):
        cognito_issuer("not-a-pool")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"edge": {"Other": "x"}}, "no output CognitoIssuerUrl or CognitoUserPoolId"),
        (
            {"a": {"CognitoUserPoolId": "us-east-1_A"}, "b": {"CognitoUserPoolId": "us-east-1_B"}},
            "several different values",
        ),
        ({"edge": {"CognitoIssuerUrl": "http://plain"}}, "not an https URL"),
        ({"edge": {"CognitoUserPoolId": "nope"}}, "not a Cognito user pool id"),
        (["not", "a", "mapping"], "expected {stack: {output: value}}"),
    ],
)
def test_bad_outputs_are_one_line_errors(
    prod: PlatformSpec, tmp_path: Path, data: object, message: str
) -> None:
    with pytest.raises(SpecError, match=message) as caught:
        from_stack_outputs(prod, _outputs(tmp_path, data))
    assert caught.value.problems[0].file.name == "cdk-outputs.json"


def test_malformed_json(prod: PlatformSpec, tmp_path: Path) -> None:
    file = tmp_path / "out.json"
    file.write_text("{nope")
    with pytest.raises(SpecError, match="malformed JSON"):
        from_stack_outputs(prod, file)


def test_the_issuer_is_the_primary_regions_pool_only(prod: PlatformSpec, tmp_path: Path) -> None:
    """A pool output of a DR stack neither clashes with the primary's nor stands in for it."""
    primary_pool = {"chariot-prod-edge": {"CognitoUserPoolId": "us-east-1_Primary"}}
    dr_pool = {"chariot-prod-dr-edge": {"CognitoUserPoolId": "us-west-2_Other"}}
    issuer = resolve(prod, _outputs(tmp_path, {**primary_pool, **dr_pool}))
    assert issuer is not None
    assert issuer.issuer == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Primary"
    with pytest.raises(SpecError, match="in any stack of the primary region"):
        resolve(prod, _outputs(tmp_path, dr_pool))
