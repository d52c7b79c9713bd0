"""Monthly cost from synthesized CloudFormation: a dated price catalog, billing rules, mappings."""
