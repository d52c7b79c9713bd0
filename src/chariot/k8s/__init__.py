"""Kubernetes and Istio manifests built as data from the spec, and their validation."""
