"""Workload placement: the seed's decision tree as rules, the corrections as constraints."""

from chariot.plan.placement.engine import PlacementError, place

__all__ = ["PlacementError", "place"]
