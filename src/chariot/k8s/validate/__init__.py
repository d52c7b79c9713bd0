"""Validate Kubernetes objects as the API server would, plus cross-object architecture rules."""
