"""Planning: where each workload runs, how much capacity it needs and what it costs."""
