"""CloudFormation from the spec: a CDK app with one module per stack."""

import os

# jsii prints an end-of-life banner on every run under Node.js 20 (still the LTS many users
# have); only this variable silences it, and it must be set before the jsii runtime starts.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
