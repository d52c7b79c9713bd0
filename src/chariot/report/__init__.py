"""The environment report, a layer above the planner: a typed model of what was planned and
checked (`model`), drawn as a Mermaid diagram (`diagram`) and rendered as Markdown
(`markdown`) for people and JSON for machines (`write`)."""
