"""The app for ASGI servers that start it themselves (`uvicorn --factory`, several workers).

    uvicorn --factory cliffhanger.api.asgi:app_from_env --workers 2

Settings come from the environment: CLIFFHANGER_DATABASE_URL, and
CLIFFHANGER_ALLOW_PRIVATE_WEBHOOKS=1 to let webhooks reach private addresses.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from cliffhanger.api.app import create_app
from cliffhanger.config import Settings
from cliffhanger.store.engine import open_store

ALLOW_PRIVATE_WEBHOOKS = "CLIFFHANGER_ALLOW_PRIVATE_WEBHOOKS"


def app_from_env() -> FastAPI:
    """Return the app on the database the environment names (migrated on open)."""
    engine = open_store(Settings.from_env().database_url)
    allow = os.environ.get(ALLOW_PRIVATE_WEBHOOKS, "") in {"1", "true", "yes"}
    return create_app(engine, allow_private_webhooks=allow, warm_board=True)
