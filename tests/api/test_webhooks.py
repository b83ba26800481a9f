"""Webhooks against a local receiver: signature, retry after a 500, exactly once per watchlist."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app as cli_app
from cliffhanger.model import Status, StatusEvent
from cliffhanger.serve import webhooks
from cliffhanger.store import repository, web_repository
from cliffhanger.store.web_repository import Change

from .conftest import show_id

SECRET = "s3cret-for-tests"


@dataclass
class Receiver:
    """A local webhook receiver: what it got, and how it answers the next requests."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status per request, then 200
    delays: list[float] = field(default_factory=list)  # seconds to wait per request


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """Yield a receiver listening on 127.0.0.1 in a thread."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.delays:
                time.sleep(state.delays.pop(0))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _watch(client: TestClient, auth: dict[str, str], url: str, *titles: str) -> int:
    body = {
        "name": "fans",
        "shows": [show_id(client, t) for t in titles],
        "webhook_url": url,
        "secret": SECRET,
    }
    response = client.post("/api/watchlists", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _correct(client: TestClient, auth: dict[str, str], title: str, status: str) -> None:
    response = client.post(
        f"/api/shows/{show_id(client, title)}/corrections",
        json={"status": status, "season": 2},
        headers=auth,
    )
    assert response.status_code == 201, response.text


def test_a_status_change_is_posted_signed(
    client: TestClient, auth: dict[str, str], receiver: Receiver
) -> None:
    _watch(client, auth, receiver.url, "Partner Track")
    assert receiver.received == []  # creating a watchlist is no change
    _correct(client, auth, "Partner Track", "renewed")
    [(headers, body)] = receiver.received
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-cliffhanger-signature"] == f"sha256={expected}"
    assert headers["content-type"] == "application/json"
    payload = json.loads(body)
    assert payload["show"]["title"] == "Partner Track"
    assert (payload["from"], payload["to"]) == ("canceled", "returning")
    assert webhooks.sign(body, SECRET) == headers["x-cliffhanger-signature"]


def test_a_500_is_retried_and_every_attempt_logged(
    client: TestClient, auth: dict[str, str], receiver: Receiver
) -> None:
    receiver.answers = [500, 502]
    watchlist = _watch(client, auth, receiver.url, "Partner Track")
    _correct(client, auth, "Partner Track", "renewed")
    assert len(receiver.received) == 3
    assert len({body for _, body in receiver.received}) == 1  # the same body each time
    log = client.get(f"/api/watchlists/{watchlist}/deliveries", headers=auth).json()
    [delivery] = log["items"]
    assert delivery["state"] == "delivered"
    assert [a["status"] for a in delivery["attempts"]] == [500, 502, 200]


def test_a_change_is_delivered_once_per_watchlist(
    client: TestClient, auth: dict[str, str], receiver: Receiver, seeded: Engine
) -> None:
    first = _watch(client, auth, receiver.url, "Partner Track", "Abbott Elementary")
    second = _watch(client, auth, receiver.url, "Partner Track")
    _correct(client, auth, "Partner Track", "renewed")
    assert sorted(json.loads(b)["watchlist"] for _, b in receiver.received) == [first, second]
    # More writes, a second notice, a `deliver` run: the change is not sent again.
    _correct(client, auth, "Partner Track", "renewed")
    webhooks.notify(seeded, backoff=0.0)
    assert webhooks.notice_changes(seeded) == []
    assert len(receiver.received) == 2
    # The same change queued twice (two processes noticing it at once) is stored once.
    partner = show_id(client, "Partner Track")
    change = Change(first, partner, "canceled", "event:1", "{}")
    assert len(web_repository.record_changes(seeded, [change, change])) == 1
    assert web_repository.record_changes(seeded, [change]) == []


def test_a_timeout_is_retried(seeded: Engine, receiver: Receiver, client: TestClient) -> None:
    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "slow", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")
    [delivery_id] = webhooks.notice_changes(seeded)
    receiver.delays = [1.0]
    with httpx.Client(timeout=0.3) as http:
        state = webhooks.send(seeded, delivery_id, client=http, backoff=0.0, allow_private=True)
    assert state == "delivered"
    errors = [e for _, _, e in web_repository.attempts(seeded, delivery_id)]
    assert errors[0].startswith("timeout") and errors[-1] is None


def test_five_failures_give_up(seeded: Engine, receiver: Receiver, client: TestClient) -> None:
    receiver.answers = [503] * 10
    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "down", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")
    [delivery_id] = webhooks.notice_changes(seeded)
    assert webhooks.send(seeded, delivery_id, backoff=0.0, allow_private=True) == "failed"
    assert len(web_repository.attempts(seeded, delivery_id)) == 5
    assert (
        webhooks.send(seeded, delivery_id, backoff=0.0, allow_private=True) == "skipped"
    )  # no sixth try


def test_a_4xx_is_not_retried(seeded: Engine, receiver: Receiver, client: TestClient) -> None:
    receiver.answers = [410]
    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "gone", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")
    [delivery_id] = webhooks.notice_changes(seeded)
    assert webhooks.send(seeded, delivery_id, backoff=0.0, allow_private=True) == "failed"
    assert len(receiver.received) == 1


def test_deliver_command_sends_what_is_pending(
    seeded: Engine,
    db_url: str,
    receiver: Receiver,
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "cron", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")  # a CLI write: nobody posted the webhook yet
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    result = CliRunner().invoke(cli_app, ["deliver", "--allow-private-webhooks"])
    assert result.exit_code == 0, result.output
    assert "1 changes queued, 1 delivered, 0 failed" in result.output
    assert len(receiver.received) == 1


def _correct_directly(engine: Engine, title: str) -> None:
    event = StatusEvent(
        show=title, status=Status.RENEWED, season=2, date=dt.date.today(), evidence="fix"
    )
    repository.add_correction(engine, event, author="test")


def test_an_ingested_article_that_changes_a_status_is_posted(
    client: TestClient, auth: dict[str, str], receiver: Receiver
) -> None:
    _watch(client, auth, receiver.url, "Partner Track")
    article = {"text": "Netflix has renewed Partner Track for a second season.", "url": None}
    response = client.post("/api/documents", json=article, headers=auth)
    assert response.status_code == 201, response.text
    [(_, body)] = receiver.received
    assert json.loads(body)["to"] == "returning"


def test_private_webhook_addresses_are_refused_by_default(
    seeded: Engine, auth: dict[str, str], receiver: Receiver
) -> None:
    """The SSRF guard: a watchlist may not post to loopback or private addresses."""
    from cliffhanger.api import create_app

    with TestClient(create_app(seeded)) as guarded:
        for url in (receiver.url, "http://10.0.0.8/hook", "http://169.254.169.254/latest"):
            body = {
                "name": "fans",
                "shows": [show_id(guarded, "Partner Track")],
                "webhook_url": url,
            }
            response = guarded.post("/api/watchlists", json=body, headers=auth)
            assert response.status_code == 400, response.text
            assert "refused" in response.json()["error"]["message"]


def test_a_delivery_to_a_private_address_is_not_sent(
    seeded: Engine, receiver: Receiver, client: TestClient
) -> None:
    """Checked again at send time: a name may have come to resolve to a private address."""
    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "guarded", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")
    [delivery_id] = webhooks.notice_changes(seeded)
    assert webhooks.send(seeded, delivery_id, backoff=0.0) == "failed"
    assert receiver.received == []
    [(_, _, error)] = web_repository.attempts(seeded, delivery_id)
    assert error is not None and "non-public" in error


def test_a_delivery_left_sending_by_a_dead_sender_is_sent_again(
    seeded: Engine, receiver: Receiver, client: TestClient
) -> None:
    """A server killed mid-retry leaves "sending"; `deliver` picks it up once it is stale."""
    import datetime as dt

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from cliffhanger.store.web_tables import DeliveryRow

    partner = show_id(client, "Partner Track")
    web_repository.create_watchlist(
        seeded, "crashy", {partner: "canceled"}, webhook_url=receiver.url, secret=SECRET
    )
    _correct_directly(seeded, "Partner Track")
    [delivery_id] = webhooks.notice_changes(seeded)
    assert web_repository.claim_delivery(seeded, delivery_id) is not None  # then the sender died
    assert web_repository.reclaim_stale(seeded, webhooks.STALE_AFTER) == 0  # not stale yet
    with Session(seeded) as session, session.begin():
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        session.execute(
            update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(created_at=long_ago)
        )
    result = webhooks.send_pending(seeded, backoff=0.0, allow_private=True)
    assert result.delivered == 1 and len(receiver.received) == 1
