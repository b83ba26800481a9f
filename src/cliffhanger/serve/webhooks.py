"""Signed webhooks: a watched show's status change, posted once to each watchlist's URL.

After every write (an ingest, a correction, a review decision) `notice_changes`
compares each watched show's status with the one last seen for its watchlist
and queues a delivery per change; the unique key (watchlist, show, change id)
makes a change queued twice stored once. `send` then posts it, signed with
`X-Cliffhanger-Signature: sha256=<HMAC-SHA256 of the body with the secret>`,
retrying 5xx answers and timeouts with exponential backoff, at most
`MAX_ATTEMPTS` tries, every try logged. The API sends right after the response
(a background task); `cliffhanger deliver` sends whatever is still pending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine

from cliffhanger.errors import BlockedURLError, FetchError, InputError
from cliffhanger.model import ShowState
from cliffhanger.sources.fetch import check_url
from cliffhanger.sources.guard import IPAddress, PinnedBackend, host_names, pinned_transport
from cliffhanger.store import web_browse, web_repository
from cliffhanger.store.web_repository import MAX_ATTEMPTS, Change

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Cliffhanger-Signature"
TIMEOUT_S = 5.0
BACKOFF_S = 0.5


@dataclass(frozen=True)
class SendResult:
    """What sending the pending deliveries did."""

    delivered: int = 0
    failed: int = 0


def sign(body: bytes, secret: str) -> str:
    """Return the signature header value for `body`: "sha256=" and the hex HMAC-SHA256."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def notice_changes(engine: Engine) -> list[int]:
    """Return the ids of deliveries queued for watched shows whose status changed."""
    pairs = web_repository.watched(engine)
    if not pairs:
        return []
    refs = {r.id: r for r in web_browse.show_refs(engine, sorted({p.show_id for p in pairs}))}
    changes = []
    for pair in pairs:
        ref = refs.get(pair.show_id)
        if ref is None or str(ref.state.status) == pair.last_status:
            continue
        state = ref.state
        change_id = f"event:{state.deciding.id}" if state.deciding else f"status:{state.status}"
        payload = _payload(pair.watchlist_id, pair.show_id, pair.last_status, change_id, state)
        changes.append(
            Change(
                watchlist_id=pair.watchlist_id,
                show_id=pair.show_id,
                status=str(state.status),
                change_id=change_id,
                payload=payload,
                deliver=pair.has_webhook,
            )
        )
    return web_repository.record_changes(engine, changes) if changes else []


def send(
    engine: Engine,
    delivery_id: int,
    *,
    client: httpx.Client | None = None,
    backoff: float = BACKOFF_S,
    sleep: Callable[[float], None] = time.sleep,
    allow_private: bool = False,
) -> str:
    """Return the delivery's final state ("delivered", "failed"; "skipped" if not ours to send).

    The webhook's address is checked again before sending (a name can come to
    resolve to a private address), and the post goes to the addresses checked:
    private and loopback targets are refused unless `allow_private`, link-local
    and metadata ones always.
    """
    delivery = web_repository.claim_delivery(engine, delivery_id)
    if delivery is None:
        return "skipped"
    addresses, refused = _checked(delivery.webhook_url or "", allow_private)
    if refused is not None and delivery.webhook_url:
        web_repository.log_attempt(
            engine, delivery_id, status_code=None, error=refused, duration_ms=0, state="failed"
        )
        return "failed"
    if not delivery.webhook_url:
        web_repository.log_attempt(
            engine,
            delivery_id,
            status_code=None,
            error="no webhook URL",
            duration_ms=0,
            state="failed",
        )
        return "failed"
    body = delivery.payload.encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "cliffhanger-webhooks",
        SIGNATURE_HEADER: sign(body, delivery.secret or ""),
        "X-Cliffhanger-Delivery": str(delivery.id),
    }
    own = client is None
    if client is None:
        # The post goes to the addresses just checked, never to a second answer of the resolver.
        backend = PinnedBackend()
        for host in host_names(delivery.webhook_url):
            backend.pin(host, addresses)
        transport = pinned_transport(backend)
        client = httpx.Client(timeout=TIMEOUT_S, follow_redirects=False, transport=transport)
    http = client
    try:
        for attempt in range(delivery.attempts + 1, MAX_ATTEMPTS + 1):
            status, error, retry, took = _post(http, delivery.webhook_url, body, headers)
            state = "delivered" if status and 200 <= status < 300 else "sending"
            if state != "delivered" and (not retry or attempt == MAX_ATTEMPTS):
                state = "failed"
            web_repository.log_attempt(
                engine,
                delivery_id,
                status_code=status,
                error=error,
                duration_ms=took,
                state=state,
            )
            if state != "sending":
                return state
            sleep(backoff * 2 ** (attempt - 1))
    finally:
        if own:
            http.close()
    return "failed"  # pragma: no cover  (the loop always ends on its last attempt)


STALE_AFTER = dt.timedelta(minutes=10)  # far longer than MAX_ATTEMPTS tries with backoff take


def send_pending(
    engine: Engine,
    *,
    client: httpx.Client | None = None,
    backoff: float = BACKOFF_S,
    sleep: Callable[[float], None] = time.sleep,
    allow_private: bool = False,
) -> SendResult:
    """Return how many pending deliveries were delivered and how many failed.

    Deliveries a dead sender left "sending" for STALE_AFTER are pending again first.
    """
    web_repository.reclaim_stale(engine, STALE_AFTER)
    delivered = failed = 0
    for delivery_id in web_repository.pending_deliveries(engine):
        state = send(
            engine,
            delivery_id,
            client=client,
            backoff=backoff,
            sleep=sleep,
            allow_private=allow_private,
        )
        delivered += state == "delivered"
        failed += state == "failed"
    return SendResult(delivered, failed)


def notify(
    engine: Engine, *, backoff: float = BACKOFF_S, allow_private: bool = False
) -> SendResult:
    """Return what queuing and sending every new status change of a watched show did."""
    notice_changes(engine)
    return send_pending(engine, backoff=backoff, allow_private=allow_private)


def check_webhook_url(url: str, *, allow_private: bool = False) -> None:
    """Raise InputError for a webhook address that may not be used (scheme, host, private).

    Link-local and metadata addresses are refused even with `allow_private`.
    """
    try:
        check_url(url, allow_private=allow_private)
        refused = None
    except BlockedURLError as e:
        refused = e.message
    except FetchError as e:  # cannot resolve now: your own network may know it later
        refused = None if allow_private else e.message
    if refused is not None:
        raise InputError(
            f"webhook_url refused: {refused}",
            hint="give a public http(s) address; a server started with "
            "--allow-private-webhooks accepts your own network",
        )


def _checked(url: str, allow_private: bool) -> tuple[list[IPAddress], str | None]:
    # The fetcher's SSRF guard: (the addresses to post to, None) or ([], why not).
    try:
        return check_url(url, allow_private=allow_private), None
    except FetchError as e:
        return [], e.message


def _post(
    http: httpx.Client, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str | None, bool, int]:
    # (HTTP status, error, worth retrying, milliseconds)
    start = time.monotonic()
    try:
        response = http.post(url, content=body, headers=headers)
    except httpx.TimeoutException as e:
        return None, f"timeout: {e}", True, _ms(start)
    except httpx.TransportError as e:
        return None, f"{type(e).__name__}: {e}", True, _ms(start)
    status = response.status_code
    error = None if status < 300 else f"HTTP {status}"
    return status, error, status >= 500, _ms(start)


def _ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)


def _payload(
    watchlist_id: int, show_id: int, before: str | None, change_id: str, state: ShowState
) -> str:
    deciding = state.deciding
    data = {
        "type": "status_change",
        "watchlist": watchlist_id,
        "change": change_id,
        "show": {"id": show_id, "title": state.show, "network": state.network},
        "from": before,
        "to": str(state.status),
        "reason": state.reason,
        "event": None
        if deciding is None
        else {
            "id": deciding.id,
            "status": str(deciding.status),
            "season": deciding.season,
            "date": deciding.date.isoformat() if deciding.date else None,
            "evidence": deciding.evidence,
            "source": deciding.source,
            "outlet": deciding.outlet,
        },
        "noticed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
