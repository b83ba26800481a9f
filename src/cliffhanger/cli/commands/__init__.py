"""CLI command modules; importing this package registers every command on `app`."""

from cliffhanger.cli.commands import catalog, extract, sources, tracker  # noqa: F401  (registration)
