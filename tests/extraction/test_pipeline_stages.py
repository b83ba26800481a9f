"""The staged extractor, one stage at a time, on sentences written for these tests."""

from __future__ import annotations

import json

import pytest

from cliffhanger.extraction.cues import (
    RuleError,
    find_cues,
    modifiers,
    parse_cue_rules,
    parse_modifier_rules,
)
from cliffhanger.extraction.lexicon import is_person, people_named
from cliffhanger.extraction.mentions import BARE, find_titles, references
from cliffhanger.extraction.scorer import load_model, model_from_json, packaged_model
from cliffhanger.extraction.structure import (
    CAPTION,
    HEADING,
    HEADLINE,
    LIST_ITEM,
    block_kind,
    heading_status,
)
from cliffhanger.model import Status


@pytest.mark.parametrize(
    ("line", "index", "kind"),
    [
        ("Streamer trims its slate", 0, HEADLINE),  # first line
        ("- Copper Sky (Ending After Season 2): the show wraps.", 3, LIST_ITEM),  # bullet
        ("2. Tin Crown", 4, LIST_ITEM),  # numbered
        ("Farewell: the cast on set (pictured) last spring", 5, CAPTION),  # tabloid caption
        ("Canceled shows", 2, HEADING),  # short line, no full stop
    ],
)
def test_block_kinds(line: str, index: int, kind: str) -> None:
    assert block_kind(line, index) == kind


def test_status_headings_name_a_status() -> None:
    assert heading_status("Renewed") == "renewed"
    assert heading_status("Cancelled shows:") == "canceled"
    assert heading_status("Our favourite recipes") is None


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # list items in running text are separate titles
        (
            "Hulu dropped Glass Harbor, Tin Crown and Copper Sky.",
            ["Glass Harbor", "Tin Crown", "Copper Sky"],
        ),
        # a title that holds a comma, outside a list
        ("Netflix has renewed Love, Actually Maybe for a second season.", ["Love, Actually Maybe"]),
        # a month is not part of the title
        ("ABC dropped Tin Crown in September.", ["Tin Crown"]),
        # a subtitle after a colon stays
        ("Star Trek: Lower Decks will end soon.", ["Star Trek: Lower Decks"]),
    ],
)
def test_bare_titles(text: str, titles: list[str]) -> None:
    found = [m.text for m in find_titles(text, frozenset(), frozenset()) if m.kind == BARE]
    for t in titles:
        assert t in found


def test_gazetteer_titles_are_found_bare() -> None:
    found = find_titles("fans of the voice were thrilled", frozenset(), frozenset({"the voice"}))
    assert [m.kind for m in found] == ["gazetteer"]


def test_references_back() -> None:
    assert [r.text for r in references("The streamer renewed the series for season 2.")] == [
        "the series"
    ]


def test_cues_and_their_statuses() -> None:
    statuses = {c.status for c in find_cues("The network axed it after it was renewed.")}
    assert statuses == {Status.CANCELED, Status.RENEWED}


def test_a_hedge_reaches_its_cue_but_not_across_but() -> None:
    text = "Fans hope for a renewal"
    cue = find_cues(text)[0]
    assert "HEDGED" in modifiers(text, cue.start, cue.end)
    text = "Fans hoped for more, but the show was renewed"
    cue = next(c for c in find_cues(text) if c.status == Status.RENEWED)
    assert "HEDGED" not in modifiers(text, cue.start, cue.end)


def test_rule_files_reject_bad_rows() -> None:
    with pytest.raises(RuleError):
        parse_cue_rules([{"id": "x", "status": "renewed", "pattern": "a", "colour": "red"}])
    with pytest.raises(RuleError):
        parse_cue_rules([{"id": "x", "status": "paused", "pattern": "a"}])
    with pytest.raises(RuleError):
        parse_cue_rules([{"id": "x", "status": "renewed", "pattern": "("}])
    row = {"id": "x", "category": "HEDGED", "direction": "up", "max_scope": 3, "pattern": "a"}
    with pytest.raises(RuleError):
        parse_modifier_rules([row])


def test_the_packaged_model_loads_and_round_trips(tmp_path) -> None:
    model = packaged_model()
    assert model.trees and 0 < model.threshold < 1
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    again = load_model(path)
    for feats in ({"bias": 1.0, "legacy": 1.0}, {"bias": 1.0, "role=object": 1.0}, {}):
        assert abs(again.probability(feats) - model.probability(feats)) < 1e-4
    with pytest.raises(ValueError):
        model_from_json({"nope": 1})


def test_a_tree_sends_a_feature_map_left_at_or_below_its_threshold() -> None:
    # one split on "legacy" at 0.5: absent (0.0) goes left (-1), present (1.0) right (+2)
    tree = [["legacy", 0.5, 1, 2, 0.0], [None, 0.0, 0, 0, -1.0], [None, 0.0, 0, 0, 2.0]]
    model = model_from_json({"weights": {}, "base": 0.5, "trees": [tree]})
    assert model.margin({}) == pytest.approx(-0.5)
    assert model.margin({"legacy": 1.0}) == pytest.approx(2.5)
    cycle = [["legacy", 0.5, 0, 0, 0.0]]  # a node pointing at itself would never end
    for bad in ([cycle], [[]], [[[None, 0.0, 0, 0, float("nan")]]]):
        with pytest.raises(ValueError):
            model_from_json({"weights": {}, "trees": bad})


@pytest.mark.parametrize(
    ("text", "people", "not_people"),
    [
        ("Dana Whitlock, 52, was let go by the channel.", {"Dana Whitlock", "Whitlock"}, set()),
        (
            "The host Dana Whitlock said she would miss it. Ms Whitlock left.",
            {"Ms Whitlock"},
            set(),
        ),
        ("Showrunner Dana Whitlock told fans to wait.", {"Dana Whitlock"}, {"Showrunner"}),
        ("Netflix said the show was over.", set(), {"Netflix"}),
        # a number in apposition to a title is no age; a given name opens a person's name
        ("Fox has dropped Lost Harbor, 24, and Tin Crown.", set(), {"Lost Harbor", "Harbor"}),
        (
            "Dr. Dana Whitlock said so. Mrs. Whitlock agreed.",
            {"Dana Whitlock", "Mrs. Whitlock"},
            set(),
        ),
        # an honorific inside a title is the title's, not a person's
        ("The Marvelous Mrs. Maisel ended. Mrs America was renewed.", set(), {"Mrs America"}),
    ],
)
def test_people_are_read_from_how_news_names_them(
    text: str, people: set[str], not_people: set[str]
) -> None:
    found = people_named(text)
    assert people <= found
    assert not (not_people & found)
    assert all(is_person(p, found) for p in people)


def test_a_sentence_never_exceeds_the_size_budget() -> None:
    """A 60 KB comma list is cut into sentences of at most MAX_SENTENCE_CHARS, each where
    it stands in the text, so every later stage reads bounded pieces (linear work)."""
    from cliffhanger.extraction.sentences import MAX_SENTENCE_CHARS, split_sentences

    text = "Netflix has canceled " + ", ".join(f"Made Up Show {i}" for i in range(4000)) + "."
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(text[p.start : p.start + len(p.text)] == p.text for p in pieces)
    assert "".join(p.text for p in pieces).replace(" ", "") == text.replace(" ", "")


def test_extraction_and_resolution_name_every_network_the_same_way() -> None:
    """One table of networks (`resolution.networks.CURATED`): every spelling the
    extractor reads resolves to the very name the extractor gives it."""
    from cliffhanger.extraction.lexicon import network_surface_map
    from cliffhanger.resolution.networks import default_index

    index = default_index()
    assert {s: index.canonical(s) for s in network_surface_map()} == network_surface_map()
