"""Settings read from CLIFFHANGER_* environment variables, once, at the edges."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///cliffhanger.db"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build with `Settings.from_env()` in an adapter, never in a stage."""

    database_url: str = DEFAULT_DATABASE_URL
    max_document_bytes: int = MAX_DOCUMENT_BYTES

    @classmethod
    def from_env(cls) -> Settings:
        """Return settings from the environment, with defaults for what is unset."""
        return cls(
            database_url=os.environ.get("CLIFFHANGER_DATABASE_URL") or DEFAULT_DATABASE_URL,
            max_document_bytes=int(
                os.environ.get("CLIFFHANGER_MAX_DOCUMENT_BYTES") or MAX_DOCUMENT_BYTES
            ),
        )
