"""One module per stack; `registry.STACKS` lists them in deployment order."""
