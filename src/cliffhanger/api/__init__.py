"""The REST API (FastAPI, OpenAPI at /docs): read endpoints public, writes need a token."""

from cliffhanger.api.app import create_app

__all__ = ["create_app"]
