"""CLI command modules; importing this package registers every command on `app`."""

from cliffhanger.cli.commands import (  # noqa: F401  (registration)
    catalog,
    db,
    extract,
    sources,
    tracker,
    web,
)
