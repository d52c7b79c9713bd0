"""The edge's API kinds (`spec.edge.api_gateway`), one module each, listed in `registry`."""
