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


def test_review_needs_a_token_and_then_records(client: TestClient, token: str) -> None:
    page = client.get("/review").text
    event_id = re.search(r'action="/review/(\d+)"', page).group(1)
    assert "Manifest" in page
    refused = client.post(
        f"/review/{event_id}",
        data={"token": "wrong", "decision": "accept"},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 401 and "unknown token" in refused.text
    accepted = client.post(
        f"/review/{event_id}", data={"token": token, "decision": "accept"}, follow_redirects=False
    )
    assert accepted.status_code == 303
    after = client.get(accepted.headers["location"]).text
    assert "Recorded: accepted" in after and "Nothing waits for review" in after
    assert 'class="unconfirmed"' not in client.get("/").text


@pytest.mark.parametrize("decision", ["garbage", "", "accepted ", "REJECT"])
def test_review_form_refuses_unknown_decisions(
    client: TestClient, token: str, decision: str
) -> None:
    page = client.get("/review").text
    event_id = re.search(r'action="/review/(\d+)"', page).group(1)
    response = client.post(
        f"/review/{event_id}",
        data={"token": token, "decision": decision},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "unknown review decision" in response.text
    assert "Manifest" in client.get("/review").text  # still waiting, nothing recorded


def test_stats_page_draws_svg_charts(client: TestClient) -> None:
    page = client.get("/stats").text
    assert page.count("<svg") == 3
    assert "Partner Track" in page  # canceled after a cliffhanger
    assert "<script" not in page.lower()


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]
