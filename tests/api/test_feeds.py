"""Atom feeds: valid XML, newest decision first, rumours left out, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from .conftest import SCRIPT, show_id

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client: TestClient, path: str) -> list[ET.Element]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_changes_feed_lists_official_decisions_newest_first(client: TestClient) -> None:
    entries = _entries(client, "/feeds/changes.atom")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0].startswith("Manifest: canceled by NBC")
    assert not any("Rookie" in t for t in titles)  # a rumour is no status change
    assert len(titles) == 3


def test_feed_text_is_escaped(client: TestClient) -> None:
    response = client.get("/feeds/changes.atom")
    assert b"<script>" not in response.content
    summaries = [e.findtext(f"{ATOM}summary") for e in _entries(client, "/feeds/changes.atom")]
    assert any(SCRIPT in s for s in summaries)  # the parsed text is the article's, unharmed


def test_network_feed(client: TestClient) -> None:
    entries = _entries(client, "/feeds/networks/Netflix.atom")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Partner Track: canceled by Netflix after 1 season"
    ]
    link = entries[0].find(f"{ATOM}link[@rel='alternate']")
    assert link is not None
    assert link.get("href", "").endswith(f"/shows/{show_id(client, 'Partner Track')}")
    assert _entries(client, "/feeds/networks/Nobody.atom") == []


def test_watchlist_feed(client: TestClient, auth: dict[str, str]) -> None:
    body = {"name": "mine", "shows": [show_id(client, "Manifest")]}
    created = client.post("/api/watchlists", json=body, headers=auth).json()
    entries = _entries(client, f"/feeds/watchlists/{created['id']}.atom")
    assert [e.findtext(f"{ATOM}title")[:8] for e in entries] == ["Manifest"]
