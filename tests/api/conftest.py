"""A seeded store, the app on it through TestClient, and an editor's token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cliffhanger.api import create_app
from cliffhanger.model import (
    CastFact,
    CliffhangerFact,
    Document,
    Extraction,
    SeasonFact,
    Status,
    StatusEvent,
)
from cliffhanger.store import repository, web_repository

SCRIPT = "<script>alert(1)</script>"


def _doc(source: str, day: dt.date, outlet: str = "Example Trade") -> Document:
    return Document(
        source=source,
        text=f"Made-up article {source}.",
        url=f"https://news.example/{source}",
        outlet=outlet,
        published=day,
    )


def seed(engine: Engine) -> None:
    """Return once three articles about four shows are stored (one event needs review)."""
    repository.ingest(
        engine,
        Extraction(
            document=_doc("partner-track", dt.date(2022, 10, 14)),
            events=(
                StatusEvent(
                    show="Partner Track",
                    status=Status.CANCELED,
                    network="Netflix",
                    season=1,
                    confidence=0.95,
                    evidence=f"Netflix has canceled Partner Track {SCRIPT} after one season.",
                ),
            ),
            cast=(CastFact("Partner Track", "Arden Cho", "Ingrid Yun"),),
            seasons=(SeasonFact("Partner Track", 1, episodes=10, premiere="2022-08-26"),),
            cliffhangers=(CliffhangerFact("Partner Track", 1),),
        ),
    )
    repository.ingest(
        engine,
        Extraction(
            document=_doc("abbott", dt.date(2023, 1, 26)),
            events=(
                StatusEvent(
                    show="Abbott Elementary",
                    status=Status.RENEWED,
                    network="ABC",
                    season=3,
                    confidence=0.97,
                    evidence="ABC has renewed Abbott Elementary for a third season.",
                ),
                StatusEvent(
                    show="The Rookie",
                    status=Status.CANCELED,
                    network="ABC",
                    season=5,
                    speculative=True,
                    confidence=0.4,
                    evidence="The Rookie could be canceled, fans fear.",
                ),
            ),
        ),
    )
    repository.ingest(
        engine,
        Extraction(
            document=_doc("manifest", dt.date(2021, 6, 15), outlet="Other Trade"),
            events=(
                StatusEvent(
                    show="Manifest",
                    status=Status.CANCELED,
                    network="NBC",
                    season=3,
                    confidence=0.55,
                    evidence="NBC is said to have dropped Manifest after three seasons.",
                ),
            ),
        ),
    )


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """Return the engine with the seed articles stored."""
    seed(engine)
    return engine


@pytest.fixture
def client(seeded: Engine) -> Iterator[TestClient]:
    """Yield a TestClient on the app serving the seeded store (fast webhook retries)."""
    with TestClient(
        create_app(seeded, webhook_backoff=0.01, allow_private_webhooks=True)
    ) as test_client:
        yield test_client


@pytest.fixture
def token(seeded: Engine) -> str:
    """Return a valid editor's token."""
    return web_repository.create_token(seeded, "editor")[1]


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    """Return the Authorization header of the editor's token."""
    return {"Authorization": f"Bearer {token}"}


def show_id(client: TestClient, title: str) -> int:
    """Return the id of the show titled `title`, found through the API."""
    items = client.get("/api/shows", params={"q": title}).json()["items"]
    return int(next(i["id"] for i in items if i["show"] == title))
