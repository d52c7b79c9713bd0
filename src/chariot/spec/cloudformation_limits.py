"""CloudFormation's per-stack limits, which synthesis checks on the templates and spec rules
check on the spec before any synthesis:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
"""

from __future__ import annotations

CFN_MAX_RESOURCES = 500
CFN_MAX_OUTPUTS = 200
CFN_MAX_TEMPLATE_BYTES = 1_000_000
