"""Kinds of article the extractor once misread, each in made-up words.

- a text stripped of its layout (one line): only its first sentence is the lead;
- a decision whose season the article states elsewhere, once;
- idioms of an ending ("close out its run").
"""

from __future__ import annotations

from cliffhanger.documents.load import document_from_text
from cliffhanger.extraction import extract
from cliffhanger.extraction.structure import BODY, HEADLINE, sections
from cliffhanger.model import Status


def _events(text: str) -> list[tuple[str, str, str | None, int | None]]:
    found = extract(document_from_text("t", text)).events
    return [(e.show, e.status.value, e.network, e.season) for e in found if not e.speculative]


def test_a_one_line_article_has_one_lead_sentence() -> None:
    text = "Tin Crown is over at Hulu. The drama ran two seasons. Its cast thanked fans."
    kinds = [s.kind for s in sections(text)]
    assert kinds == [HEADLINE, BODY, BODY]
    laid_out = "Tin Crown is over at Hulu\n\nThe drama ran two seasons. Its cast thanked fans."
    assert [s.kind for s in sections(laid_out)] == [HEADLINE, BODY, BODY]


def test_close_out_its_run_is_an_ending() -> None:
    text = (
        "Copper Sky will close out its run on Hulu after its upcoming sixth season\n\n"
        "The comedy's creator told a podcast that the sixth season would be the end."
    )
    assert ("Copper Sky", Status.FINAL_SEASON.value, "Hulu", 6) in _events(text)


_ENDING = (
    "Copper Sky will end after its upcoming final season, E! announces\n\n"
    "The network said on Tuesday that the show will air its final season next year.\n\n"
)


def test_an_ending_takes_the_one_season_count_the_article_states() -> None:
    text = _ENDING + "'After nine years, 12 seasons and many episodes, thank you,' it read."
    assert [e[3] for e in _events(text) if e[0] == "Copper Sky"] == [12]


def test_a_run_so_far_is_not_the_final_season() -> None:
    text = _ENDING + "The show has soldiered on for 11 seasons after it began in 2014."
    assert [e[3] for e in _events(text) if e[0] == "Copper Sky"] == [None]


def test_an_article_stating_two_counts_leaves_the_season_open() -> None:
    text = _ENDING + "After 4 seasons its sister show ended; after 12 seasons this one does."
    assert [e[3] for e in _events(text) if e[0] == "Copper Sky"] == [None]


def test_each_show_renewed_for_second_seasons_gets_season_two() -> None:
    text = (
        "The network picks up both freshman dramas\n\n"
        "The network said that “Tin Crown” and “Copper Sky” were renewed for second seasons."
    )
    found = {e[0]: e[3] for e in _events(text) if e[1] == Status.RENEWED.value}
    assert found == {"Tin Crown": 2, "Copper Sky": 2}


def test_the_outlet_reporting_is_no_show() -> None:
    assert _events("Variety renewed for a second season at Hulu, a source said.") == []


def test_a_person_named_by_their_job_is_no_show() -> None:
    assert _events("Netflix has renewed Head of Drama Jane Roe for a third season.") == []


def test_a_new_show_described_is_not_an_order() -> None:
    # "new drama X" describes a show; an order needs an ordering word
    aired = (
        "Ratings are in\n\nITV's chilling new drama Copper Sky drew five million viewers on Sunday."
    )
    assert _events(aired) == []
    ordered = "ITV orders new drama Copper Sky\n\nITV has ordered the new drama Copper Sky."
    assert [e[:2] for e in _events(ordered)] == [("Copper Sky", Status.ORDERED.value)]
