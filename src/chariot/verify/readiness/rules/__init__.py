"""Readiness rules, one per module; `registry.RULES` lists them."""
