"""The repository: idempotent ingest, one transaction per document, and the queries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import (
    CastFact,
    CliffhangerFact,
    Document,
    Extraction,
    SeasonFact,
    ShowStatus,
    Status,
    StatusEvent,
)
from cliffhanger.store import ingest as ingest_module
from cliffhanger.store import repository as repo
from cliffhanger.store.tables import (
    CastRow,
    DocumentRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowRow,
)

AXED = "The streamer has decided against a second run of the legal drama Partner Track."
RENEWED = "Abbott Elementary will be back for a third year at ABC."


def _doc(text: str, url: str | None = None, published: dt.date | None = None) -> Document:
    return Document(source="test.txt", text=text, url=url, published=published, outlet="Trade")


def _cancellation(url: str | None = "https://news.example/partner-track") -> Extraction:
    return Extraction(
        document=_doc(AXED, url, dt.date(2022, 10, 14)),
        events=(
            StatusEvent(
                show="Partner Track",
                status=Status.CANCELED,
                network="Netflix",
                season=1,
                confidence=0.95,
                evidence=AXED,
            ),
        ),
        cast=(CastFact(show="Partner Track", person="Arden Cho", character="Ingrid Yun"),),
        seasons=(SeasonFact(show="Partner Track", season=1, episodes=10, premiere="2022-08-26"),),
        cliffhangers=(CliffhangerFact(show="Partner Track", season=1),),
    )


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_ingest_stores_document_and_facts(engine: Engine) -> None:
    result = repo.ingest(engine, _cancellation())
    assert result.created and result.events_added == 1
    state = repo.show_state(engine, "partner track")
    assert state.status is ShowStatus.CANCELED
    assert state.network == "Netflix" and state.seasons == 1
    assert state.reason == "canceled by Netflix after 1 season"
    assert state.deciding is not None
    # The event has no date of its own: the article's date stands in.
    assert state.deciding.date == dt.date(2022, 10, 14)
    assert state.deciding.source == "https://news.example/partner-track"
    assert repo.show_cast(engine, "Partner Track") == [
        CastFact(show="Partner Track", person="Arden Cho", character="Ingrid Yun")
    ]
    assert repo.show_seasons(engine, "Partner Track") == [
        SeasonFact(show="Partner Track", season=1, episodes=10, premiere="2022-08-26")
    ]
    assert repo.show_cliffhangers(engine, "Partner Track") == [
        CliffhangerFact(show="Partner Track", season=1)
    ]


def test_same_document_twice_is_stored_once(engine: Engine) -> None:
    first = repo.ingest(engine, _cancellation())
    again = repo.ingest(engine, _cancellation())
    assert again == repo.IngestResult(first.document_id, created=False, events_added=0)
    assert _count(engine, DocumentRow) == 1
    assert _count(engine, EventRow) == 1
    assert _count(engine, CastRow) == 1
    assert _count(engine, SeasonRow) == 1


def test_same_canonical_url_with_other_text_changes_nothing(engine: Engine) -> None:
    repo.ingest(engine, _cancellation("https://news.example/partner-track"))
    edited = dataclasses.replace(
        _cancellation("https://www.news.example/partner-track/?utm_source=feed#top"),
        document=_doc(AXED + " Updated with a quote.", "https://news.example/partner-track/"),
    )
    assert not repo.ingest(engine, edited).created
    assert _count(engine, EventRow) == 1


def test_duplicate_events_in_one_document_are_stored_once(engine: Engine) -> None:
    extraction = _cancellation()
    doubled = dataclasses.replace(extraction, events=extraction.events * 2)
    assert repo.ingest(engine, doubled).events_added == 1
    assert _count(engine, EventRow) == 1


def test_failure_mid_document_leaves_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    # Events, shows and networks are written before cast: all must roll back.
    monkeypatch.setattr(ingest_module, "_add_cast", broken)
    with pytest.raises(RuntimeError):
        repo.ingest(engine, _cancellation())
    for table in (DocumentRow, EventRow, ShowRow, NetworkRow):
        assert _count(engine, table) == 0
    monkeypatch.undo()
    assert repo.ingest(engine, _cancellation()).created


def test_shows_and_networks_match_case_and_punctuation_insensitively(engine: Engine) -> None:
    repo.ingest(engine, _cancellation())
    other = Extraction(
        document=_doc("A different article about PARTNER TRACK."),
        events=(
            StatusEvent(
                confidence=0.9, show="PARTNER-TRACK", status=Status.CANCELED, network="netflix"
            ),
        ),
    )
    repo.ingest(engine, other)
    assert _count(engine, ShowRow) == 1
    assert _count(engine, NetworkRow) == 1


def test_networks_are_canonical_at_ingest(engine: Engine) -> None:
    # "CW" is the curated table's spelling of The CW; HBO Max is Max since 2023
    events = (
        StatusEvent(
            confidence=0.9, show="Walker", status=Status.RENEWED, network="The CW", season=4
        ),
        StatusEvent(
            confidence=0.9, show="Nancy Drew", status=Status.FINAL_SEASON, network="CW", season=4
        ),
        StatusEvent(
            confidence=0.9, show="Peacemaker", status=Status.RENEWED, network="HBO Max", season=2
        ),
    )
    repo.ingest(engine, Extraction(document=_doc("Three network decisions."), events=events))
    with Session(engine) as session:
        assert sorted(session.scalars(select(NetworkRow.name))) == ["Max", "The CW"]
    assert repo.show_state(engine, "Peacemaker").network == "Max"
    assert repo.timeline(engine, "Peacemaker")[0].network_named == "HBO Max"  # the source's name


def test_unknown_show_raises_not_found_with_search_hint(engine: Engine) -> None:
    repo.ingest(engine, _cancellation())
    with pytest.raises(NotFoundError) as caught:
        repo.timeline(engine, "Partner Trak")
    assert caught.value.hint is not None
    assert "cliffhanger search" in caught.value.hint
    assert "'Partner Track'" in caught.value.hint


def test_timeline_is_oldest_first_and_speculation_keeps_status(engine: Engine) -> None:
    rumour = Extraction(
        document=_doc(
            "Insiders wonder whether Abbott Elementary could end soon.",
            published=dt.date(2023, 3, 1),
        ),
        events=(
            StatusEvent(
                confidence=0.9,
                show="Abbott Elementary",
                status=Status.CANCELED,
                network="ABC",
                speculative=True,
                evidence="could end soon",
            ),
        ),
    )
    renewal = Extraction(
        document=_doc(RENEWED, published=dt.date(2023, 1, 26)),
        events=(
            StatusEvent(
                confidence=0.9,
                show="Abbott Elementary",
                status=Status.RENEWED,
                network="ABC",
                season=3,
                evidence=RENEWED,
            ),
        ),
    )
    repo.ingest(engine, rumour)
    repo.ingest(engine, renewal)
    entries = repo.timeline(engine, "Abbott Elementary")
    assert [e.status for e in entries] == [Status.RENEWED, Status.CANCELED]
    state = repo.show_state(engine, "Abbott Elementary")
    assert state.status is ShowStatus.RETURNING
    assert state.reason == "renewed by ABC for season 3"


def test_correction_wins_over_machine_events(engine: Engine) -> None:
    repo.ingest(engine, _cancellation())
    fix = StatusEvent(
        confidence=0.9, show="Partner Track", status=Status.RENEWED, network="Netflix", season=2
    )
    entry = repo.add_correction(engine, fix, author="editor", note="misread the article")
    assert entry.is_correction and entry.note == "misread the article"
    assert repo.show_state(engine, "Partner Track").status is ShowStatus.RETURNING


def test_board_filters_by_network_and_find_shows_ranks(engine: Engine) -> None:
    repo.ingest(engine, _cancellation())
    events = (
        StatusEvent(
            confidence=0.9, show="Abbott Elementary", status=Status.RENEWED, network="ABC", season=3
        ),
        StatusEvent(confidence=0.9, show="Track Stars", status=Status.ORDERED, network="Netflix"),
    )
    repo.ingest(engine, Extraction(document=_doc("Two more decisions."), events=events))
    assert [s.show for s in repo.board(engine)] == [
        "Abbott Elementary",
        "Partner Track",
        "Track Stars",
    ]
    assert [s.show for s in repo.board(engine, network="NETFLIX")] == [
        "Partner Track",
        "Track Stars",
    ]
    assert [s.show for s in repo.find_shows(engine, "track")] == ["Track Stars", "Partner Track"]
    # A typo still finds the show.
    assert [s.show for s in repo.find_shows(engine, "abot elementary")] == ["Abbott Elementary"]
    with pytest.raises(InputError):
        repo.find_shows(engine, " ? ")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        # A full ISO date is stored as a date.
        ("2023-04-07", "2023-04-07"),
        # A month and day without a year cannot be dated: not stored.
        ("--04-07", None),
        # Nothing said.
        (None, None),
    ],
)
def test_premiere_dates(engine: Engine, given: str | None, stored: str | None) -> None:
    fact = SeasonFact(show="Partner Track", season=2, premiere=given)
    repo.ingest(engine, Extraction(document=_doc("Season facts."), seasons=(fact,)))
    assert repo.show_seasons(engine, "Partner Track")[0].premiere == stored


def test_alias_finds_the_show(engine: Engine) -> None:
    repo.ingest(engine, _cancellation())
    repo.add_alias(engine, "Partner Track", "Partner-Track (US)")
    assert repo.show_state(engine, "partner track us").show == "Partner Track"
