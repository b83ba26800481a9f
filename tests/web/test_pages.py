"""Every page through TestClient: content, escaping, filters, the review form."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from .conftest import SCRIPT


def _show_link(client: TestClient, title: str) -> str:
    page = client.get("/", params={"q": title}).text
    match = re.search(r'href="(/shows/\d+)">' + re.escape(title) + "<", page)
    assert match, page
    return match.group(1)


def test_board_groups_networks_by_status(client: TestClient) -> None:
    page = client.get("/").text
    for network in ("ABC", "Fox", "NBC", "Netflix"):
        assert f"<h2>{network}" in page
    assert "Partner Track" in page and "Returning" in page and "Canceled" in page
    # Manifest's only event waits in review: it does not decide, and the board says so
    assert page.count('class="unconfirmed"') == 1
    assert "<script" not in page.lower()


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        # one network
        ({"network": "ABC"}, "Abbott Elementary", "Partner Track"),
        # decisions of one year
        ({"year": "2018"}, "Lucifer", "Abbott Elementary"),
        # a blank filter is no filter
        ({"network": "", "year": ""}, "Lucifer", "nothing hidden"),
    ],
)
def test_board_filters(client: TestClient, params: dict, shown: str, hidden: str) -> None:
    page = client.get("/", params=params).text
    assert shown in page
    assert hidden not in page


def test_search_box_finds_shows(client: TestClient) -> None:
    page = client.get("/", params={"q": "partnr trak"}).text  # a typo still finds it
    assert "Partner Track" in page and "Abbott" not in page
    assert "No show matches" in client.get("/", params={"q": "zzzzqqq"}).text


def test_show_page_has_status_evidence_source_and_facts(client: TestClient) -> None:
    page = client.get(_show_link(client, "Partner Track")).text
    assert "canceled by Netflix after 1 season" in page
    assert 'href="https://news.example/partner-track"' in page
    assert "Example Trade" in page and "confidence 0.95" in page
    assert "Arden Cho as Ingrid Yun" in page
    assert "cliffhanger" in page and "2022-08-26" in page


def test_article_script_is_escaped_on_the_show_page(client: TestClient) -> None:
    page = client.get(_show_link(client, "Partner Track")).text
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()


def test_review_asks_the_token_once_and_decides_in_bulk(client: TestClient, token: str) -> None:
    page = client.get("/review").text
    event_ids = re.findall(r'name="event" value="(\d+)"', page)
    assert "Manifest" in page and event_ids
    assert page.count('name="token"') == 1  # one token box for the page, not one per row
    refused = client.post(
        "/review/bulk",
        data={"token": "wrong", "decision": "accept", "event": event_ids[:1]},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 401 and "unknown token" in refused.text
    accepted = client.post(
        "/review/bulk",
        data={"token": token, "decision": "accept", "event": event_ids, "back": "/review"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    assert "httponly" in accepted.headers["set-cookie"].lower()
    after = client.get(accepted.headers["location"]).text
    assert f"Recorded: accepted {len(event_ids)}" in after and "Nothing waits for review" in after
    assert 'class="unconfirmed"' not in client.get("/").text


def test_review_session_remembers_the_editor(client: TestClient, token: str) -> None:
    page = client.get("/review").text
    first = re.findall(r'name="event" value="(\d+)"', page)[0]
    client.post(
        "/review/bulk",
        data={"token": token, "decision": "reject", "event": [first]},
        follow_redirects=False,
    )
    again = client.get("/review").text
    assert 'name="token"' not in again or "Nothing waits" in again  # no second token box
    client.post("/review/signout", follow_redirects=False)
    assert "Deciding as" not in client.get("/review").text


@pytest.mark.parametrize("decision", ["garbage", "", "accepted ", "REJECT"])
def test_review_form_refuses_unknown_decisions(
    client: TestClient, token: str, decision: str
) -> None:
    page = client.get("/review").text
    event_id = re.findall(r'name="event" value="(\d+)"', page)[0]
    response = client.post(
        "/review/bulk",
        data={"token": token, "decision": decision, "event": [event_id]},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "unknown review decision" in response.text
    assert "Manifest" in client.get("/review").text  # still waiting, nothing recorded


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"status": "bogus"}, 400),  # not a decision kind
        ({"max_score": "2"}, 400),  # a score is 0..1
        ({"max_score": "x"}, 400),
        ({"status": "canceled", "network": "NBC", "max_score": "0.9"}, 200),
    ],
)
def test_review_filters_are_checked(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    assert client.get("/review", params=params).status_code == status


def test_review_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/api/review").json()
    assert everything["total"] >= 1
    canceled = client.get("/api/review", params={"status": "canceled"}).json()
    assert all(i["status"] == "canceled" for i in canceled["items"])
    page = client.get("/api/review", params={"limit": 1, "offset": 1}).json()
    assert (page["offset"], page["limit"]) == (1, 1)
    assert len(page["items"]) == min(1, max(0, everything["total"] - 1))


def test_stats_page_draws_svg_charts(client: TestClient) -> None:
    page = client.get("/stats").text
    assert page.count("<svg") == 3
    assert "n=1: too few to judge" in page  # a group under the minimum is greyed, not ranked
    assert "Partner Track" in page  # canceled after a cliffhanger
    assert "<script" not in page.lower()


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"status": "returning"}, 200),
        ({"status": "bogus"}, 400),  # not a status
        ({"since": "2022-13-01"}, 400),  # not a date
        ({"since": "2022-01-01", "network": "Netflix"}, 200),
    ],
)
def test_board_filters_are_checked(client: TestClient, params: dict[str, str], status: int) -> None:
    assert client.get("/", params=params).status_code == status


def test_board_has_a_summary_row_per_network_and_collapsed_networks(client: TestClient) -> None:
    page = client.get("/").text
    assert '<table class="summary">' in page
    assert '<details class="network-board">' in page  # collapsed: no "open"
    filtered = client.get("/", params={"status": "canceled"}).text
    assert "Partner Track" in filtered and "Abbott Elementary" not in filtered
    assert "status=canceled" in filtered  # the filter stays in the summary's links
    assert '<details class="network-board" open>' in client.get("/", params={"network": "ABC"}).text
