"""Third-party verifiers (checkov, ...) run on generated outputs, shared by infra and k8s."""
