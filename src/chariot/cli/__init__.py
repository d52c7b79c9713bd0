"""The `chariot` command line: thin wiring over the library, one module per command group.

The rule for every module here: the CLI answers at once. `chariot --help` imports every command
module, so at module level a command module imports only the standard library, `typer`,
`chariot.cli.console` and light constants; everything else (the spec loader, the CDK, jsii,
cfn-lint, the manifest validator, boto3, redis, fastapi, granian, the services) is imported inside
the command function that needs it, and names used only in annotations come from an
`if TYPE_CHECKING:` block. A help text that would need a heavy module for one value says it in
words instead. `tests/cli/test_startup.py` runs every `--help` in a fresh interpreter and fails
when one of these libraries is loaded; ruff's PLC0415 is off for this package for that reason.
"""
