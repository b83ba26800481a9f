"""The web pages on a seeded store: through TestClient, and served by uvicorn for chromium."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
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


def _event(
    show: str, status: Status, network: str, season: int, conf: float, text: str
) -> StatusEvent:
    return StatusEvent(
        show=show, status=status, network=network, season=season, confidence=conf, evidence=text
    )


SEED = [
    # (article, date, outlet, events)
    (
        "partner-track",
        dt.date(2022, 10, 14),
        "Example Trade",
        [
            _event(
                "Partner Track",
                Status.CANCELED,
                "Netflix",
                1,
                0.95,
                f"Netflix has canceled Partner Track {SCRIPT} after one season.",
            )
        ],
    ),
    (
        "abbott",
        dt.date(2023, 1, 26),
        "Example Trade",
        [
            _event(
                "Abbott Elementary",
                Status.RENEWED,
                "ABC",
                3,
                0.97,
                "ABC has renewed Abbott Elementary for a third season.",
            )
        ],
    ),
    (
        "manifest",
        dt.date(2021, 6, 15),
        "Other Trade",
        [
            _event(
                "Manifest",
                Status.CANCELED,
                "NBC",
                3,
                0.55,
                "NBC is said to have dropped Manifest after three seasons.",
            )
        ],
    ),
    (
        "lucifer",
        dt.date(2018, 5, 11),
        "Example Trade",
        [
            _event(
                "Lucifer",
                Status.CANCELED,
                "Fox",
                3,
                0.9,
                "Fox has canceled Lucifer after three seasons.",
            )
        ],
    ),
]


def seed(engine: Engine) -> None:
    """Return once the seed articles are stored (Manifest's event waits for review)."""
    for source, day, outlet, events in SEED:
        document = Document(
            source=source,
            text=f"Made-up article {source}.",
            url=f"https://news.example/{source}",
            outlet=outlet,
            published=day,
        )
        extra = {}
        if source == "partner-track":
            extra = {
                "cast": (CastFact("Partner Track", "Arden Cho", "Ingrid Yun"),),
                "seasons": (SeasonFact("Partner Track", 1, 10, "2022-08-26"),),
                "cliffhangers": (CliffhangerFact("Partner Track", 1),),
            }
        repository.ingest(engine, Extraction(document=document, events=tuple(events), **extra))


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """Return the engine with the seed articles stored."""
    seed(engine)
    return engine


@pytest.fixture
def client(seeded: Engine) -> Iterator[TestClient]:
    """Yield a TestClient on the app serving the seeded store."""
    with TestClient(create_app(seeded)) as test_client:
        yield test_client


@pytest.fixture
def token(seeded: Engine) -> str:
    """Return a valid editor's token."""
    return web_repository.create_token(seeded, "editor")[1]


@pytest.fixture
def live_url(seeded: Engine) -> Iterator[str]:
    """Yield the base URL of uvicorn serving the seeded store on an ephemeral loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(seeded), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
