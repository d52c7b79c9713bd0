"""Readiness rules: what would stop `cdk deploy` or leave a platform that does not serve.

cdk-nag, cfn-lint and checkov check syntax and known-bad settings one resource at a time. A
readiness rule knows a semantic of the deployed whole instead: that CloudTrail must be able to
describe its key, that an alarm's metric is published by something, that a custom resource's wait
ends before its handler Lambda is killed. The rules read only the synthesized outputs in
dist/<env> (templates, the cloud assembly manifest, the rendered Kubernetes objects) and the
spec, never the CDK app, so `chariot check` runs in a second.

How to add a readiness rule
---------------------------
1. One file `rules/<rule_name>.py` with a docstring that says what it checks and why (cite the
   AWS documentation it relies on), and one function::

       def check(platform: Platform) -> Iterator[Result]:
           for key in platform.resources("AWS::KMS::Key"):
               ...
               yield Violation(key, "names the defect and how to fix it")
               # or, when a value is only known at deploy time:
               yield NotApplicable(key, "why it cannot be judged here")

   `Platform` (base.py) gives the spec, every template (`resources(*types)`, `target()` to
   follow Ref/GetAtt/ImportValue across stacks, `text()` and `json_property()` for values in
   intrinsics) and the rendered Kubernetes objects (`objects(*kinds)`).
2. One line in `registry.py`; the rule's name is its file name with dashes (`rule-name`).
3. Tests in tests/verify/readiness/rules/test_<rule_name>.py: a compliant and a non-compliant
   fixture (small template dicts, see tests/verify/readiness/fixtures.py), no snapshots.
4. A line in docs/readiness.md: what it checks and why.

A finding that does not apply to one resource is acknowledged in the CDK code with
`chariot.infra.compliance.acknowledge_readiness(construct, {"rule-name": "why"})`; the runner
reports an acknowledgement whose rule no longer fires there.
"""
