"""`search`, `status`, `/api/shows?q=` and the web search agree for every show: why, and the tests.

Why, by construction: each of the four gets a show's state from one function.

    CLI `search TEXT`   queries.search_refs  -> web_browse.search_refs
    CLI `status ID`     queries.find_show    -> web_browse.show_refs([ID])
    GET /api/shows?q=   queries.shows_page   -> web_browse.search_refs
    GET /?q= (the page) queries.shows_page   -> web_browse.search_refs
    web_browse.search_refs(text, n) = show_refs(repository.ranked_show_ids(key(text), n))
    web_browse.show_refs(ids) -> show_status.show_statuses -> status.current.show_status

So for a show S the four can only disagree in one of three ways, and each is
tested here for every show of the issue's store (some 8,000 shows: samples, seed,
TVmaze, Netflix, TMDB details, scorecard), on SQLite and on PostgreSQL:

1. S's state depends on the shows it is read with (`status` reads one, a
   search up to 50, the board all of them):
   `test_a_show_reads_the_same_in_any_company`.
2. A search for S's title does not list S, so `search` cannot say what
   `status` says: `test_a_search_for_each_title_lists_its_show` (a title with
   no letter or digit of the Latin alphabet is searched by no surface).
3. A surface takes another path or prints something else than the state it
   was given: `test_each_surface_prints_the_state_show_refs_gave` records
   every state `show_refs` hands out while the four answer, on titles that
   cover every status, and compares what each printed with it.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections import defaultdict
from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cliffhanger.api import create_app
from cliffhanger.cli import app
from cliffhanger.model import ShowStatus
from cliffhanger.store import repository, web_browse
from cliffhanger.store.keys import name_key
from cliffhanger.store.show_status import show_statuses
from cliffhanger.store.tables import ShowRow
from cliffhanger.web.pages import SEARCH_PAGE

from .conftest import Store

CLI_SEARCH = 20  # `cliffhanger search` lists this many; the API and the page 50


def _all_shows(store: Store) -> list[tuple[int, str]]:
    with Session(store.engine) as session:
        return [(i, t) for i, t in session.execute(select(ShowRow.id, ShowRow.title))]


def test_a_show_reads_the_same_in_any_company(issue_store: Store) -> None:
    """Every show's state, read with all shows at once (the board's way), equals its state
    read through `show_refs` in random company: shuffled, in batches of 1 to 50 shows (a
    status reads one, a search up to 50)."""
    engine = issue_store.engine
    with Session(engine) as session:
        shows = list(session.scalars(select(ShowRow).order_by(ShowRow.id)))
        everything = dict(
            zip([s.id for s in shows], show_statuses(session, shows, every=True), strict=True)
        )
    assert len(everything) > 7_900
    rng = random.Random(11)
    ids = list(everything)
    rng.shuffle(ids)
    start = 0
    while start < len(ids):
        size = rng.randint(1, 50)
        for ref in web_browse.show_refs(engine, ids[start : start + size]):
            assert ref.state == everything[ref.id], (size, ref.id, ref.state.show)
        start += size
    for ref in web_browse.board_refs(engine):  # the board's cached read: no timelines
        assert ref.state == dataclasses.replace(everything[ref.id], timeline=()), ref.id


def test_a_search_for_each_title_lists_its_show(issue_store: Store) -> None:
    """`search TITLE` lists the show titled so among its first 20 (the CLI's page, the
    smallest), for every show: same-titled shows (two Frasiers) are all listed."""
    missed = []
    unsearchable = []
    with Session(issue_store.engine) as session:
        for show_id, title in _all_shows(issue_store):
            if not (key := name_key(title)):
                unsearchable.append((show_id, title))
            elif show_id not in repository.ranked_show_ids(session, key, CLI_SEARCH):
                missed.append((show_id, title))
    assert missed == []
    # Titles in other scripts only (Cyrillic, Chinese...) fold to no key: every surface says so
    # alike, and `status ID` still answers.
    assert 0 < len(unsearchable) < 30
    with TestClient(create_app(issue_store.engine)) as client:
        for show_id, title in unsearchable:
            result = issue_store.runner.invoke(app, ["search", title])
            assert result.exit_code == 1 and "nothing to search for" in result.output
            assert client.get("/api/shows", params={"q": title}).json()["items"] == []
            assert _web_statuses(client.get("/", params={"q": title}).text) == {}
            one = _json(issue_store, "status", str(show_id))
            assert isinstance(one, dict) and one["id"] == show_id


def test_each_surface_prints_the_state_show_refs_gave(
    issue_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On titles covering every status (and the issue's own), each surface's statuses are the
    ones `web_browse.show_refs` handed out, and the three searches list the same shows."""
    given: defaultdict[int, set[str]] = defaultdict(set)
    real = web_browse.show_refs

    def recording(engine: Engine, show_ids: Sequence[int]) -> list[web_browse.ShowRef]:
        refs = real(engine, show_ids)
        for ref in refs:
            given[ref.id].add(str(ref.state.status))
        return refs

    monkeypatch.setattr(web_browse, "show_refs", recording)
    with TestClient(create_app(issue_store.engine)) as client:
        for title in _titles(issue_store):
            given.clear()
            cli = [(s["id"], s["status"]) for s in _json(issue_store, "search", title)]  # type: ignore[union-attr]
            api = [
                (s["id"], s["status"])
                for s in client.get("/api/shows", params={"q": title}).json()["items"]
            ]
            web = _web_statuses(client.get("/", params={"q": title}).text)
            assert cli and api[: len(cli)] == cli, title
            assert list(web.items()) == api[:SEARCH_PAGE], title
            for show_id, status in cli[:3]:
                one = _json(issue_store, "status", str(show_id))
                assert isinstance(one, dict) and one["status"] == status, (title, show_id)
            for show_id, status in {*cli, *api}:
                assert given[show_id] == {status}, (title, show_id, given[show_id])


def _titles(store: Store) -> list[str]:
    """Return the issue's titles, twins (Frasier, Big Brother) and six titles per status."""
    by_status: defaultdict[ShowStatus, list[str]] = defaultdict(list)
    for ref in web_browse.board_refs(store.engine):
        if name_key(ref.state.show):
            by_status[ref.state.status].append(ref.state.show)
    drawn = ["Lucifer", "Manifest", "Downton Abbey", "Cruel Summer", "Bates Motel"]
    drawn += ["Frasier", "Big Brother", "The Flash", "Forever", "ONE PIECE"]
    rng = random.Random(11)
    for status in ShowStatus:
        titles = sorted(set(by_status[status]))
        drawn += rng.sample(titles, min(6, len(titles)))
    assert {s for s in ShowStatus if by_status[s]} >= {ShowStatus.RETURNING, ShowStatus.ENDING}
    return drawn


def _json(store: Store, *args: str) -> object:
    result = store.runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _web_statuses(page: str) -> dict[int, str]:
    """Return {show id: status} of the page's search results, in page order."""
    pattern = r'href="/shows/(\d+)">[^<]*</a>\s*<span class="status status-([a-z_]+)">'
    return {int(m.group(1)): m.group(2) for m in re.finditer(pattern, page)}
