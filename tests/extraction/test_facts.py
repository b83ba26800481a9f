"""Cast, season and cliffhanger facts, and the extract contract on the seed article."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cliffhanger.cli import _register, app
from cliffhanger.extraction import extract
from cliffhanger.model import Document

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"


def facts(text: str, published: dt.date | None = None) -> dict[str, set[tuple[object, ...]]]:
    x = extract(Document(source="t", text=text, published=published))
    return {
        "cast": {(c.show, c.person, c.character) for c in x.cast},
        "season": {(s.show, s.season, s.episodes, s.premiere) for s in x.seasons},
        "cliffhanger": {(c.show, c.season) for c in x.cliffhangers},
    }


ARTICLE = (
    "'Lockwood & Co.' Canceled at Netflix\n\n"
    "Netflix has canceled 'Lockwood & Co.' after one season. The series dropped its "
    "eight-episode first season on January 27, and Ruby Stokes plays Lucy Carlyle.\n\n"
    "Anthony Lockwood (Cameron Chapman) and George Karim (Ali Hadji-Heshmati) lead the agency. "
    "Chapman said the cast hoped for more.\n\n"
    "The first season ended on a cliffhanger."
)


def test_cast_forms() -> None:
    cast = facts(ARTICLE, dt.date(2023, 5, 1))["cast"]
    assert ("Lockwood & Co.", "Ruby Stokes", "Lucy Carlyle") in cast
    # "Character (Actor)": the actor is named again by surname ("Chapman said")
    assert ("Lockwood & Co.", "Cameron Chapman", "Anthony Lockwood") in cast


def test_cast_returning_as_a_character() -> None:
    text = "'Ted Lasso' Renewed\n\nHannah Waddingham will also return as Rebecca Welton."
    assert ("Ted Lasso", "Hannah Waddingham", "Rebecca Welton") in facts(text)["cast"]


def test_season_fact_takes_the_year_from_the_article() -> None:
    seasons = facts(ARTICLE, dt.date(2023, 5, 1))["season"]
    assert ("Lockwood & Co.", 1, 8, "2023-01-27") in seasons


def test_season_fact_without_year_is_month_day() -> None:
    seasons = facts(ARTICLE)["season"]
    assert ("Lockwood & Co.", 1, 8, "--01-27") in seasons


def test_season_facts_belong_to_their_sentence_show_and_season() -> None:
    text = (
        "NBC Sorts Its Comedies\n\n"
        "Young Rock has been renewed for a third season at NBC. Grand Crew was renewed for a "
        "second season after its first run of ten episodes. Fox still has two episodes in the "
        "can from the third season of another show."
    )
    assert facts(text)["season"] == {("Grand Crew", 1, 10, None)}


def test_datelines_are_not_evidence() -> None:
    x = extract(
        Document(source="t", text="Headline\n\nMay 12, 2018 — NBC has canceled 'Timeless'.")
    )
    assert [e.evidence for e in x.events] == ["NBC has canceled 'Timeless'."]


def test_cliffhanger() -> None:
    assert facts(ARTICLE)["cliffhanger"] == {("Lockwood & Co.", 1)}


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not present")
def test_extract_contract_on_seed_article() -> None:
    """The golden test: every fact of the founding article, in the stable JSON shape."""
    _register()
    result = CliRunner().invoke(
        app, ["extract", "--format", "jsonl", str(SEED / "partner-track.txt")]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    status = {
        (r["show"], r["network"], r["status"], r["season"]) for r in rows if r["type"] == "status"
    }
    assert status == {
        ("Partner Track", "Netflix", "canceled", 1),
        ("The Imperfects", "Netflix", "canceled", 1),
    }
    assert all(not r["speculative"] for r in rows if r["type"] == "status")
    gold = [
        json.loads(line) for line in (SEED / "partner-track.gold.jsonl").read_text().splitlines()
    ]
    for fact in gold[0]["facts"]:
        if fact["type"] == "cast":
            assert any(
                r["type"] == "cast"
                and r["show"] == fact["show"]
                and r["person"] == fact["person"]
                and r["character"] == fact["character"]
                for r in rows
            ), fact
        elif fact["type"] == "season":
            assert any(
                r["type"] == "season"
                and r["season"] == fact["season"]
                and r["episodes"] == fact["episodes"]
                and r["premiere"].endswith(fact["premiere"])
                for r in rows
            ), fact
        elif fact["type"] == "cliffhanger":
            assert {
                "type": "cliffhanger",
                "show": fact["show"],
                "season": fact["season"],
            }.items() <= next(r for r in rows if r["type"] == "cliffhanger").items()
        elif fact["type"] == "attribution":
            assert any(
                r["type"] == "attribution"
                and r["show"] == fact["show"]
                and r["source"] == fact["source"]
                for r in rows
            ), fact
    keys = {
        "type",
        "doc",
        "show",
        "network",
        "status",
        "season",
        "date",
        "speculative",
        "confidence",
        "evidence",
        "attribution",
    }
    assert all(set(r) == keys for r in rows if r["type"] == "status")
