"""cfn-lint findings are cached by template content, region and cfn-lint version."""

from __future__ import annotations

import json
from pathlib import Path

from chariot.verify.cfn_lint import LINT_CACHE, cache_dir, lint_errors, lint_template

BAD = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Nope": 1}}}}'
GOOD = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}}}'


def test_findings_are_cached_by_content_and_region(tmp_path: Path) -> None:
    template = tmp_path / "t.template.json"
    template.write_text(BAD)
    cache = tmp_path / "cache"
    first = lint_template(template, "us-east-1", cache)
    assert any(f.severity == "error" for f in first)
    assert lint_template(template, "us-east-1") == first  # the same as without a cache
    (entry,) = (cache / LINT_CACHE).glob("*.json")
    # A second run reads the entry: prove it by planting a different answer there.
    entry.write_text(json.dumps([{"rule": "X1", "severity": "error", "message": "planted"}]))
    assert lint_errors([(template, "us-east-1")], cache) == ["t.template.json: X1: planted"]
    lint_template(template, "eu-west-1", cache)  # another region is another entry
    template.write_text(GOOD)  # and so is other content
    assert lint_errors([(template, "us-east-1")], cache) == []
    assert len(list((cache / LINT_CACHE).glob("*.json"))) == 3


def test_cache_dir_precedence() -> None:
    assert cache_dir({"CHARIOT_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"}) == Path("/c")
    assert cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/chariot")
    assert cache_dir({}) == Path.home() / ".cache" / "chariot"
