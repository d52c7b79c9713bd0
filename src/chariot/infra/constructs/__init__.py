"""Reusable constructs shared by several stacks."""
