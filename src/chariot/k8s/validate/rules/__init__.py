"""Cross-object rules: one rule per module, listed in `registry`."""
