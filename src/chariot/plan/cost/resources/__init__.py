"""One price mapping per CloudFormation resource type; listed in `cost/registry.py`."""
