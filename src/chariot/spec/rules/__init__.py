"""Cross-field rules of the spec, one rule per module; `registry.RULES` lists them."""
