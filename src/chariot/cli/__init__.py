"""The `chariot` command line: thin wiring over the library, one module per command group."""
