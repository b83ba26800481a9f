"""CLI command modules; importing this package registers every command on `app`.

The order here is the order of `cliffhanger --help`: the tracker first.
"""

from cliffhanger.cli.commands import tracker  # noqa: F401, I001  (registration, in help order)
from cliffhanger.cli.commands import review  # noqa: F401
from cliffhanger.cli.commands import catalog, db, extract, sources, web  # noqa: F401
from cliffhanger.cli.commands import backfill, forecast  # noqa: F401
