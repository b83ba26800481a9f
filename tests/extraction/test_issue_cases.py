"""Made-up cases in the shapes real articles take (issue 10), one kind per group.

Every text here is written for this project; none is copied from the news.
Each row: text -> the set of (show, network, status, season) non-speculative
events expected, nothing more and nothing less.
"""

from __future__ import annotations

import pytest

from cliffhanger.extraction import extract
from cliffhanger.model import Document

Row = tuple[str, str | None, str, int | None]

CASES: dict[str, tuple[str, set[Row]]] = {
    # Lists and coordination: one verb, several shows, each with its own season.
    "list with seasons in brackets": (
        "The CW has canceled Glass Harbor (after one season), Tin Crown (after five seasons) "
        "and Copper Sky (after four seasons).",
        {
            ("Glass Harbor", "The CW", "canceled", 1),
            ("Tin Crown", "The CW", "canceled", 5),
            ("Copper Sky", "The CW", "canceled", 4),
        },
    ),
    "list with seasons in brackets, own": (
        "Starz has dropped Velvet Road (after two seasons) and Iron Lantern (after one season).",
        {("Velvet Road", "Starz", "canceled", 2), ("Iron Lantern", "Starz", "canceled", 1)},
    ),
    "nominalised cancellation with a colon list": (
        "Hulu has confirmed the cancellation of three series: Glass Harbor, Tin Crown and "
        "Copper Sky.",
        {
            ("Glass Harbor", "Hulu", "canceled", None),
            ("Tin Crown", "Hulu", "canceled", None),
            ("Copper Sky", "Hulu", "canceled", None),
        },
    ),
    "nominalised renewal with a colon list, own": (
        "HBO announced the renewal of two of its dramas: Stone Orchard and Paper Moons.",
        {("Stone Orchard", "HBO", "renewed", None), ("Paper Moons", "HBO", "renewed", None)},
    ),
    "roundup with status headings in brackets": (
        "Netflix's 2025 cuts so far:\n"
        "- Copper Sky (Ending After Season 2): the fantasy show will wrap with its second "
        "season.\n"
        "- Tin Crown (Canceled After Season 2): the action comedy was dropped after two "
        "seasons.",
        {("Copper Sky", "Netflix", "final_season", 2), ("Tin Crown", "Netflix", "canceled", 2)},
    ),
    # Background decisions get their own network; idioms of rescue.
    "rescue of a show another network canceled": (
        "Netflix has stepped in to save Copper Sky, an animated series that Paramount+ "
        "canceled while its second season was still being made.",
        {("Copper Sky", "Paramount+", "canceled", None), ("Copper Sky", "Netflix", "revived", 2)},
    ),
    # Titles that hold commas; dates that are not part of a title.
    "title with a comma": (
        "Netflix has renewed Love, Actually Maybe for a second season.",
        {("Love, Actually Maybe", "Netflix", "renewed", 2)},
    ),
    "month after a bare title": (
        "ABC canceled Tin Crown in September after two seasons.",
        {("Tin Crown", "ABC", "canceled", 2)},
    ),
    "month after a bare title, own": (
        "Peacock renewed Saltwater Kings in January for a third season.",
        {("Saltwater Kings", "Peacock", "renewed", 3)},
    ),
    # Relative clauses carry background decisions.
    "relative clause with the streamer": (
        "The Hulu comedy Pine Hollow, which the streamer renewed for a third season in March, "
        "returns tonight.",
        {("Pine Hollow", "Hulu", "renewed", 3)},
    ),
    # Idioms.
    "did not make it past its first season": (
        "Glass Harbor didn't make it past its first season on Hulu.",
        {("Glass Harbor", "Hulu", "canceled", 1)},
    ),
    "coming to an end with a season": (
        "Glass Harbor is officially coming to an end with its fourth season on Hulu.",
        {("Glass Harbor", "Hulu", "final_season", 4)},
    ),
    # Season arithmetic and reference back.
    "renewed for next season, now in its ninth": (
        "NBC has renewed Harbor Point for next season. Harbor Point, now in its ninth season, "
        "averages 9 million viewers.",
        {("Harbor Point", "NBC", "renewed", 10)},
    ),
    "the streamer and the series refer back": (
        "Glass Harbor premiered on Hulu in March. Now the streamer has greenlit the series for "
        "a second season.",
        {("Glass Harbor", "Hulu", "renewed", 2)},
    ),
    # A renewal denied is a cancellation; one not yet made is nothing yet.
    "a denied renewal": (
        "Hulu said Tin Crown will not be picked up for a third season.",
        {("Tin Crown", "Hulu", "canceled", 2)},
    ),
    "a renewal still pending": (
        "NBC has yet to renew Harbor Point for a fourth season.",
        set(),
    ),
    # Acronyms stand for the article's title.
    "an acronym of a title named earlier": (
        "Fans of Keeping Up With The Kardashians got the news at last. E! confirmed the "
        "twentieth season of KUWTK will be its final season.",
        {("Keeping Up With The Kardashians", "E!", "final_season", 20)},
    ),
    # A lower-case article inside a run belongs to the title; a list's titles are capitalised.
    "an article inside a bare title": (
        "Beauty and the Geek finds a new home on Nine after Seven canceled it.",
        {
            ("Beauty and the Geek", "Channel Nine", "revived", None),
            ("Beauty and the Geek", "Channel Seven", "canceled", None),
        },
    ),
    "two titles joined by and": (
        "Netflix renewed Ozark and The Crown for another season.",
        {("Ozark", "Netflix", "renewed", None), ("The Crown", "Netflix", "renewed", None)},
    ),
    # A season on the schedule is not a decision; people axed are not shows.
    "a season premiere date": (
        "The new series of Tin Crown will begin on Channel 4 on September 22.",
        set(),
    ),
    "presenters axed": (
        "Regular panellists Jane Doe and Mary Roe were axed from the network last month.",
        set(),
    ),
    # A word the article also writes in lower case is no title when it opens a sentence.
    "an ordinary word opening a sentence": (
        "Tin Crown draws its biggest audience yet\n\n"
        "Tin Crown drew its biggest audience yet on Starz. The cast already knew it would.\n\n"
        "Already renewed for a second season, the drama returns next year.",
        set(),  # no "Already"; the fronted participle's real subject is not read yet
    ),
    # People are axed FROM a show or a network; a show is axed (or dropped from a line-up).
    "people axed from a show": (
        "The network axed Jane Doe, Mary Roe and Sam Poe from Glass Harbor.",
        set(),
    ),
    "a show dropped from a line-up": (
        "Netflix has dropped Tin Crown from its lineup after two seasons.",
        {("Tin Crown", "Netflix", "canceled", 2)},
    ),
    "a weekday after a bare title": (
        "ABC has canceled Pine Hollow on Wednesday after one season.",
        {("Pine Hollow", "ABC", "canceled", 1)},
    ),
    # A title-case headline that quotes its title quotes all of them.
    "a quoted title in a title-case headline": (
        "Hulu Has Second Thoughts: 'Tin Crown' Gets a Fourth and Final Season",
        {("Tin Crown", "Hulu", "final_season", 4)},
    ),
    # A show the article gives a later season is no new series.
    "one more season ordered for a running show": (
        "Glass Harbor has aired five seasons on Hulu.\n\n"
        "Now the streamer has ordered one more: the series will end with season 6.",
        {("Glass Harbor", "Hulu", "final_season", 6)},
    ),
    # "The show" a sentence later names the show of the sentence before; "In May" is a
    # month, not a hedge.
    "a reference back across a sentence": (
        "The pair starred together in ABC's Tin Crown, a comedy about two rival bakers. "
        "In May it was announced the show would not be picked up for a third season.",
        {("Tin Crown", "ABC", "canceled", 2)},
    ),
    # "May" before a verb hedges, in a title-case headline too.
    "a title-case headline that hedges with May": (
        "ABC May Renew 'Harbour Flats' For A Fourth Season",
        set(),
    ),
    # A possessor is not the subject: the sister show was canceled, not the show named.
    "a possessive before a noun that is not the cue": (
        "Harbour Flats’ sister show has been canceled by ABC after one season.",
        set(),
    ),
    # A person the article names by age or as a speaker is no show.
    "a presenter named with an age": (
        "Dana Whitlock, 58, was axed by BBC One after ten years. Whitlock said she was sad.",
        set(),
    ),
    # One plain statement of a decision outweighs a hedged mention of it elsewhere.
    "a hedged question before the plain statement": (
        "Could Glass Harbor be coming to an end? Fans have asked for months.\n\n"
        "On Monday Hulu confirmed that Glass Harbor will end with its fourth season.",
        {("Glass Harbor", "Hulu", "final_season", 4)},
    ),
    # An ending announced in the future tense, or as "the end of".
    "an ending announced for next year": (
        "Starz has announced the end of its period drama Tin Crown, which will wrap with its "
        "sixth season next year.",
        {("Tin Crown", "Starz", "final_season", 6)},
    ),
    # Roundup lists after a plural head; a verb of giving with the title as its recipient.
    "a list after a plural head": (
        "Last week Peacock renewed several shows, including Glass Harbor, Tin Crown and Copper "
        "Sky.",
        {
            ("Glass Harbor", "Peacock", "renewed", None),
            ("Tin Crown", "Peacock", "renewed", None),
            ("Copper Sky", "Peacock", "renewed", None),
        },
    ),
    "a series order given to a title": (
        "ABC has given Pine Hollow a series order.",
        {("Pine Hollow", "ABC", "ordered", 1)},
    ),
    # One show, two spellings in one article: one event, in the spelling used most.
    "a title spelled two ways": (
        "Keeping Up With The Harpers will end after seven seasons, Bravo said on Friday. "
        "Keeping Up With The Harpers made its family famous. "
        "Keeping Up With The Harper will end next year.",
        {("Keeping Up With The Harpers", "Bravo", "final_season", 7)},
    ),
    # A quoted title shaped like a person's name is a title: "the family comedy" names it,
    # not the headline's last capitalised words.
    "a quoted title shaped like a name": (
        "Peacock Steps In for 'Jordan Fifty-Five' a Week After ABC Let It Go\n\n"
        "Peacock has picked up Jordan Fifty-Five for a third season, a week after ABC canceled "
        "the family comedy following two seasons.",
        {
            ("Jordan Fifty-Five", "Peacock", "revived", 3),
            ("Jordan Fifty-Five", "ABC", "canceled", 2),
        },
    ),
    # Not a series at all.
    "an event canceled, not a show": (
        "The Spring Gala Luncheon was canceled due to the storms. The awards ceremony will "
        "broadcast live on E! and stream on Peacock.",
        set(),
    ),
}


def _rows(text: str) -> set[Row]:
    result = extract(Document(source="case", text=text))
    return {
        (e.show, e.network, e.status.value, e.season) for e in result.events if not e.speculative
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_issue_case(name: str) -> None:
    text, expected = CASES[name]
    assert _rows(text) == expected
