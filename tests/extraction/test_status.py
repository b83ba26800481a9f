"""Status events from sentences written for these tests (our own words, real facts)."""

from __future__ import annotations

import datetime as dt

import pytest

from cliffhanger.extraction import extract
from cliffhanger.model import Document, Status

CAN, REN, FIN, ORD, REV = (
    Status.CANCELED,
    Status.RENEWED,
    Status.FINAL_SEASON,
    Status.ORDERED,
    Status.REVIVED,
)


def events(
    text: str, published: dt.date | None = None
) -> set[tuple[str, Status, str | None, int | None]]:
    doc = Document(source="t", text=text, published=published)
    return {
        (e.show, e.status, e.network, e.season) for e in extract(doc).events if not e.speculative
    }


POSITIVE = [
    # bare title after an active verb, season in words
    ("Netflix has canceled Mindhunter after two seasons.", {("Mindhunter", CAN, "Netflix", 2)}),
    # quoted title before a passive verb, network after "at"
    ("'Evil' renewed for a fourth season at Paramount+", {("Evil", REN, "Paramount+", 4)}),
    # curly quotes and a possessive title
    ("‘Grey’s Anatomy’ Renewed for Season 20 by ABC", {("Grey’s Anatomy", REN, "ABC", 20)}),
    # title with a colon and a number
    (
        "'Star Trek: Lower Decks' To End With Season 5 at Paramount+",
        {("Star Trek: Lower Decks", FIN, "Paramount+", 5)},
    ),
    # digits and hyphens in a title
    ("Fox has renewed 9-1-1: Lone Star for a fifth season.", {("9-1-1: Lone Star", REN, "Fox", 5)}),
    # a fifth and final season is a final season, not a renewal
    (
        "AMC renewed 'Better Call Saul' for a sixth and final season.",
        {("Better Call Saul", FIN, "AMC", 6)},
    ),
    # won't get a third season: canceled after two
    ("'Warrior Nun' won't get a third season at Netflix.", {("Warrior Nun", CAN, "Netflix", 2)}),
    # two seasons at once are two events
    (
        "'The Simpsons' renewed for seasons 35 and 36 at Fox",
        {("The Simpsons", REN, "Fox", 35), ("The Simpsons", REN, "Fox", 36)},
    ),
    # straight-to-series order
    ("Apple TV+ has given a straight-to-series order to 'Silo'.", {("Silo", ORD, "Apple TV+", 1)}),
    # greenlit, passive
    (
        "'The Spiderwick Chronicles' series greenlit by Disney+",
        {("The Spiderwick Chronicles", ORD, "Disney+", 1)},
    ),
    # revival ordered elsewhere
    ("'King of the Hill' revival is ordered at Hulu", {("King of the Hill", REV, "Hulu", None)}),
    # rescued by another network
    (
        "'Magnum P.I.' has been rescued by NBC, which ordered two more seasons.",
        {("Magnum P.I.", REV, "NBC", None)},
    ),
    # roundup: several renewals and cancellations in one sentence
    (
        "ABC renewed Abbott Elementary, The Rookie and Station 19, and canceled Big Sky.",
        {
            ("Abbott Elementary", REN, "ABC", None),
            ("The Rookie", REN, "ABC", None),
            ("Station 19", REN, "ABC", None),
            ("Big Sky", CAN, "ABC", None),
        },
    ),
    # "X, Y and Z" in quotes, passive
    (
        "‘Dark Meadow’ & ‘Tin Crown’ Renewed For A Second Season By Adult Swim",
        {("Dark Meadow", REN, "Adult Swim", 2), ("Tin Crown", REN, "Adult Swim", 2)},
    ),
    # each item of a list keeps its own season, even elided ("for a second")
    (
        "The network has renewed The Rookie for a sixth season and Will Trent for a second.",
        {("The Rookie", REN, None, 6), ("Will Trent", REN, None, 2)},
    ),
    # two seasons in words are two events
    (
        "The network renewed Ghosts for a fourth and fifth season, CBS said.",
        {("Ghosts", REN, "CBS", 4), ("Ghosts", REN, "CBS", 5)},
    ),
    # "set for" a network is a schedule, not an order (the rule was removed: it also
    # read season premieres as decisions)
    ("Quiz Show 'Brain Teasers' Hosted by Jane Doe Set for Channel 4", set()),
    # "ending after N seasons" announces the end, not who chose it: a final season
    ("Hulu's 'Tin Crown' is ending after three seasons", {("Tin Crown", FIN, "Hulu", 3)}),
    # an adverb before the verb is no title, by its shape, with no list of names
    ("The Famously Canceled Drama returns tonight", set()),
    ("Officially Renewed: Glass Harbor gets season 3 at Hulu", {("Glass Harbor", REN, "Hulu", 3)}),
    # words of the title are not context: "Hope" and "Perhaps" here hedge nothing
    ("Hope Street renewed for a third series by Channel 4", {("Hope Street", REN, "Channel 4", 3)}),
    ("Perhaps Tomorrow renewed at Hulu", {("Perhaps Tomorrow", REN, "Hulu", None)}),
    # a number after a title is its season only where no other season is stated
    ("Tin Crown 5 renewed by Fox for a second season", {("Tin Crown 5", REN, "Fox", 2)}),
    ("Glass Harbor 3 will be the final season", {("Glass Harbor", FIN, None, 3)}),
    # a season "confirmed for" a convention is a panel, not a renewal
    ("'Tin Crown' Season 2 Confirmed for Comic-Con Panel", set()),
    # "bows out" is a person leaving as often as a show ending: no rule reads it
    ("Jane Doe bows out of 'Brain Teasers' after two seasons as host", set()),
    # a franchise list with subtitles, and a season range that is no part of a title
    (
        "CBS has renewed FBI, FBI: Most Wanted and FBI: International for the 2023-24 season.",
        {
            ("FBI", REN, "CBS", None),
            ("FBI: Most Wanted", REN, "CBS", None),
            ("FBI: International", REN, "CBS", None),
        },
    ),
    # initials keep their full stop
    ("CBS has canceled S.W.A.T. after six seasons.", {("S.W.A.T.", CAN, "CBS", 6)}),
    # "…, and X is also coming back": a new clause, not one more item of the list
    (
        "Disney+ has renewed The Mandalorian for a fourth season, and Andor is also coming back.",
        {("The Mandalorian", REN, "Disney+", 4)},
    ),
    # "A and B" in running text: two shows when both sides have two words or more...
    (
        "Prime Video has canceled The Peripheral and Paper Girls.",
        {("The Peripheral", CAN, "Prime Video", None), ("Paper Girls", CAN, "Prime Video", None)},
    ),
    # ...one show when it is one name ("Rizzoli and Isles"), and "for a 23rd" is no title
    ("CBS has renewed Rizzoli and Isles.", {("Rizzoli and Isles", REN, "CBS", None)}),
    ("NBC has renewed Law and Order for a 23rd season.", {("Law and Order", REN, "NBC", 23)}),
    # an appositive between the show and its verb
    (
        "Ghosts, the CBS comedy about a haunted inn, has been renewed for a third season.",
        {("Ghosts", REN, "CBS", 3)},
    ),
    # "the chop" is a cancellation; attribution does not hide the network
    (
        "The Imperfects has also been given the chop after one season at Netflix, per Deadline.",
        {("The Imperfects", CAN, "Netflix", 1)},
    ),
    # not moving forward
    (
        "The 'Field of Dreams' TV adaptation is not moving forward at Peacock.",
        {("Field of Dreams", CAN, "Peacock", None)},
    ),
    # a common-word title is fine when quoted
    ("Netflix renews 'You' for a fifth and final season", {("You", FIN, "Netflix", 5)}),
    # ...and bare, right after a lower-case decision verb
    ("Netflix has renewed You for a fifth and final season.", {("You", FIN, "Netflix", 5)}),
    # the rest of the sentence refers back to the show
    (
        "'Dead to Me' will end with its third season, Netflix said.",
        {("Dead to Me", FIN, "Netflix", 3)},
    ),
    # a freshman series, "axed"
    ("NBC axed its freshman drama 'Kenan'.", {("Kenan", CAN, "NBC", 1)}),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_decisions(text: str, expected: set[tuple[str, Status, str | None, int | None]]) -> None:
    assert events(text) == expected


NEGATIVE = [
    # a pilot order is not a series order
    "CBS has given a pilot order to a 'Early Edition' reboot.",
    # development is not a decision
    "A 'Buffy' revival is in development at Hulu, sources say, but nothing is set.",
    # a question
    "Will 'Wednesday' get a season 2 at Netflix?",
    # a hedge
    "'The Chosen' could be canceled if ratings keep falling.",
    # fans hoping
    "Fans hope for a renewal of 'Warrior Nun' at Netflix.",
    # a renewed contract, not a series
    "Disney renewed its carriage deal with Charter for another five years.",
    # a canceled concert
    "The band canceled its concert tour after the singer fell ill.",
    # casting news with a season number
    "'Tin Crown' Star Jane Doe Set to Come Back for Season 3",
    # a film shelved
    "Warner Bros. scrapped the 'Batgirl' film after test screenings.",
    # a premiere set for a network is not an order
    "'Stranger Things' Season 5 Set for Netflix Debut in 2025",
    # a denial
    "Netflix denies reports that 'Cobra Kai' was canceled.",
    # returning on a date is a premiere, not a renewal
    "'Abbott Elementary' returns for season 3 on February 7 on ABC.",
    # a premiere date is not a renewal
    "'Outlander' Season 7 premieres June 16 on Starz.",
    # negation: not (yet) renewed
    "'Minx' has not been renewed for a second season yet.",
    # a hypothetical season
    "Without Season 3 confirmed, the writers risked an open ending.",
    # a person, not a show, gets cancelled
    "The comedian says he expects to get cancelled over his new stand-up special.",
    # a person named after "starring" is not the show
    "The drama series starring Jason Momoa has been renewed for a third season.",
    # general news: flights, summits and court orders
    "Airline Cancels Dozens Of Flights As Pilots Picket",
    "Judge Orders State To Release Records",
    "21 Hikers Rescued After Two Days On The Mountain",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[n[:40] for n in NEGATIVE])
def test_not_decisions(text: str) -> None:
    assert events(text) == set()


def test_speculative_events_are_kept_and_marked() -> None:
    doc = Document(source="t", text="'The Chosen' could be canceled at Amazon, insiders fear.")
    found = extract(doc).events
    assert found and all(e.speculative for e in found)
    assert all(e.confidence <= 0.4 for e in found)


def test_questions_are_speculative() -> None:
    doc = Document(source="t", text="Could NBC cancel 'Grand Crew' after two seasons?")
    found = extract(doc).events
    assert [(e.show, e.status, e.speculative) for e in found] == [("Grand Crew", CAN, True)]


def test_rumoured_is_speculative() -> None:
    doc = Document(source="t", text="'Succession' is rumoured to be renewed by HBO.")
    found = extract(doc).events
    assert [(e.show, e.status, e.speculative) for e in found] == [("Succession", REN, True)]


def test_reported_is_not_speculative() -> None:
    doc = Document(source="t", text="Hulu has reportedly canceled 'Woke' after two seasons.")
    (event,) = extract(doc).events
    assert not event.speculative and event.status == CAN and event.season == 2


def test_document_refers_back_to_the_named_show() -> None:
    text = (
        "'Minx' Canceled at HBO Max\n\n"
        "HBO Max has decided against a third outing. The comedy will not return, the streamer said."
    )
    assert ("Minx", CAN, "HBO Max", None) in events(text)


def test_background_cancellation_and_revival_at_another_network() -> None:
    text = (
        "NBC Saves 'Brooklyn Nine-Nine'\n\n"
        "NBC has picked up Brooklyn Nine-Nine for a sixth season, a day after Fox canceled the "
        "workplace comedy following five seasons."
    )
    found = events(text)
    assert ("Brooklyn Nine-Nine", REV, "NBC", 6) in found
    assert ("Brooklyn Nine-Nine", CAN, "Fox", 5) in found


def test_plural_reference_gives_the_last_sentence_its_seasons() -> None:
    text = (
        "NBC canceled Kenan, the single-dad comedy, and Mr. Mayor, the Ted Danson series. "
        "Both end after two seasons."
    )
    assert events(text) == {("Kenan", CAN, "NBC", 2), ("Mr. Mayor", CAN, "NBC", 2)}


def test_a_petition_does_not_hedge_a_stated_cancellation() -> None:
    text = (
        "'Warrior Nun' Fans Rally\n\n"
        "Fans launched a petition to save Warrior Nun after Netflix canceled it."
    )
    assert ("Warrior Nun", CAN, "Netflix", None) in events(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a season "of" the show after the decision words
        (
            "Starz is not moving forward with a third season of 'Blindspotting'.",
            ("Blindspotting", CAN, "Starz", 2),
        ),
        # an active "boot"
        (
            "The streamer has given the boot to 'Inside Job' after two seasons, Netflix said.",
            ("Inside Job", CAN, "Netflix", 2),
        ),
        # "picked it up" after a cancellation elsewhere is a revival
        (
            "'Lucifer' Lives\n\nAfter Fox canceled it, Netflix picked it up for a fourth season.",
            ("Lucifer", REV, "Netflix", 4),
        ),
        # "the network also picked up" in a roundup
        (
            "FX renewed 'Atlanta', and the network also picked up 'Reservation Dogs' for season 3.",
            ("Reservation Dogs", REN, "FX", 3),
        ),
        # "opted not to renew … for a second season": it had one
        (
            "'Lockwood & Co.' Canceled\n\n"
            "Netflix has opted not to renew the drama for a second season.",
            ("Lockwood & Co.", CAN, "Netflix", 1),
        ),
        # the run length stated elsewhere in the article
        (
            "HBO Max has canceled 'Westworld'. The sci-fi drama ran for four seasons.",
            ("Westworld", CAN, "HBO Max", 4),
        ),
        # "early renewals to A and The B" in sentence case is two shows
        (
            "ABC has handed out early renewals to Abbott Elementary and The Rookie.",
            ("The Rookie", REN, "ABC", None),
        ),
        # bringing back, with "is" between network and verb
        (
            "Apple TV+ is bringing back Ted Lasso for a fourth season.",
            ("Ted Lasso", REN, "Apple TV+", 4),
        ),
        # a network's possessive opens the title
        (
            "Showtime's Billions is ending with its seventh season.",
            ("Billions", FIN, "Showtime", 7),
        ),
        # the spinoff, not its parent, is decided
        (
            "HBO has renewed Sex and the City spinoff And Just Like That for a third season.",
            ("And Just Like That", REN, "HBO", 3),
        ),
        # "Law" in a title is not a law
        (
            "Peacock has renewed Law and Order Toronto for a second season.",
            ("Law and Order Toronto", REN, "Peacock", 2),
        ),
        # a relative clause after the title
        (
            "1899 joins Warrior Nun, which was axed after two seasons at Netflix.",
            ("Warrior Nun", CAN, "Netflix", 2),
        ),
        # a final-season order, and a named spinoff between commas
        (
            "FX also handed out a final-season order to What We Do in the Shadows.",
            ("What We Do in the Shadows", FIN, "FX", None),
        ),
        (
            "CBS said its spinoff, Georgie & Mandy's First Marriage, has been ordered to series.",
            ("Georgie & Mandy's First Marriage", ORD, "CBS", 1),
        ),
        # a show that "wrapped its seventh and final season"
        (
            "On CBS, Young Sheldon wrapped its seventh and final season in May.",
            ("Young Sheldon", FIN, "CBS", 7),
        ),
        # a subtitle after a colon inside running text
        (
            "Meanwhile, CSI: Vegas was canceled by CBS after three seasons.",
            ("CSI: Vegas", CAN, "CBS", 3),
        ),
        # British "series" for season, and a possessive appositive that is no list item
        (
            "The BBC has commissioned a second series of Sherwood, James Graham's drama.",
            ("Sherwood", REN, "BBC One", 2),
        ),
        (
            "'Happy Valley' ended its run with a third and final series on BBC One.",
            ("Happy Valley", FIN, "BBC One", 3),
        ),
        # won't bring back; "is done after two seasons"
        (
            "Peacock Won't Bring Back 'Twisted Metal' for a Third Season",
            ("Twisted Metal", CAN, "Peacock", 2),
        ),
        (
            "'Twisted Metal' is done after two seasons at Peacock.",
            ("Twisted Metal", CAN, "Peacock", 2),
        ),
        # seasons in words, two at once
        (
            "Apple TV+ has renewed Slow Horses for seasons five and six.",
            ("Slow Horses", REN, "Apple TV+", 6),
        ),
        # deciding to end a show; passing on its next season
        (
            "Apple TV+ has decided to end 'Truth Be Told' with its upcoming fourth season.",
            ("Truth Be Told", FIN, "Apple TV+", 4),
        ),
        ("Netflix has passed on a second season of 'Kaos'.", ("Kaos", CAN, "Netflix", 1)),
        # issue 4's phrasings, one each
        ("CBS gave Fire Country a two-season renewal.", ("Fire Country", REN, "CBS", None)),
        (
            "Showtime has ordered a sophomore season of Yellowjackets.",
            ("Yellowjackets", REN, "Showtime", 2),
        ),
        ("HBO has renewed Girls for a sixth and final season.", ("Girls", FIN, "HBO", 6)),
        (
            "'Dead to Me' will wrap with its third season on Netflix.",
            ("Dead to Me", FIN, "Netflix", 3),
        ),
        ("Sources say HBO has canceled 'Minx' after one season.", ("Minx", CAN, "HBO", 1)),
        # a list ending in "B and C" before "are among the casualties"
        (
            "Rutherford Falls, Kenan and Grand Crew are among the casualties at NBC.",
            ("Grand Crew", CAN, "NBC", None),
        ),
    ],
)
def test_prose_forms(text: str, expected: tuple[str, Status, str | None, int | None]) -> None:
    assert expected in events(text)


def test_headline_title_takes_the_fuller_body_title() -> None:
    text = (
        "Starz Orders Prequel 'Blood of My Blood'\n\n"
        "Starz has given a series order to a prequel, 'Outlander: Blood of My Blood'."
    )
    assert events(text) == {("Outlander: Blood of My Blood", ORD, "Starz", 1)}


def test_related_links_and_short_headline_titles() -> None:
    text = (
        "Hulu Renews 'Only Murders' for Season 4\n\n"
        "Hulu has renewed Only Murders in the Building for a fourth season.\n\n"
        "RELATED: Netflix Cancels 'Lockwood & Co.' After One Season\n\n"
        "The comedy stars Steve Martin."
    )
    assert events(text) == {("Only Murders in the Building", REN, "Hulu", 4)}


def test_a_spinoff_with_a_subtitle_stays_its_own_show() -> None:
    text = "NBC has renewed Law & Order and Law & Order: SVU for new seasons."
    assert {e[0] for e in events(text)} == {"Law & Order", "Law & Order: SVU"}


def test_revival_for_a_final_season_is_both() -> None:
    text = "Netflix has revived 'Manifest' for a fourth and final season."
    assert events(text) == {("Manifest", REV, "Netflix", 4), ("Manifest", FIN, "Netflix", 4)}


def test_a_fox_roundup() -> None:
    text = (
        "Fox Scorecard: 'Monarch' Axed\n\n"
        "The network previously handed two-season renewals to The Simpsons and Bob's Burgers, "
        "and it has now picked up Krapopolis for a second season. Fox also canceled the comedy "
        "Call Me Kat after three seasons. The country drama Monarch aired two seasons."
    )
    assert events(text) == {
        ("Monarch", CAN, "Fox", 2),
        ("The Simpsons", REN, "Fox", None),
        ("Bob's Burgers", REN, "Fox", None),
        ("Krapopolis", REN, "Fox", 2),
        ("Call Me Kat", CAN, "Fox", 3),
    }


def test_the_network_named_later_in_the_article() -> None:
    text = (
        "'The Crown' Will End With Season 6\n\n"
        "The drama will conclude with its sixth season. Netflix confirmed the change."
    )
    assert events(text) == {("The Crown", FIN, "Netflix", 6)}


def test_a_pickup_after_a_cancellation_elsewhere() -> None:
    text = (
        "Paramount+ Pulls the Plug on 'Star Trek: Prodigy'; Netflix Picks It Up\n\n"
        "Netflix has acquired the animated series after Paramount+ canceled it in June."
    )
    assert events(text) == {
        ("Star Trek: Prodigy", CAN, "Paramount+", None),
        ("Star Trek: Prodigy", REV, "Netflix", None),
    }


def test_acquiring_rights_is_no_pickup() -> None:
    text = "'Suits' Streams Again\n\nNetflix has acquired the streaming rights to the series."
    assert events(text) == set()


def test_scorecard_label_lines() -> None:
    text = (
        "NBC's 2023-24 Scorecard\n\n"
        "RENEWED: Chicago Fire, Chicago P.D., Lopez vs. Lopez\n\n"
        "CANCELED: Grand Crew and Young Rock\n\n"
        "ENDING: This Is Us wrapped its sixth and final season; Manifest moved to Netflix."
    )
    found = events(text)
    assert {
        ("Chicago Fire", REN, "NBC", None),
        ("Chicago P.D.", REN, "NBC", None),
        ("Lopez vs. Lopez", REN, "NBC", None),
        ("Grand Crew", CAN, "NBC", None),
        ("Young Rock", CAN, "NBC", None),
    } <= found
    assert not any(show.startswith("Manifest") for show, *_ in found)  # prose, not a list item


def test_ordered_with_the_title_before_to_series() -> None:
    assert events("Peacock ordered 'Twisted Metal' to series.") == {
        ("Twisted Metal", ORD, "Peacock", 1)
    }


def test_article_date_is_the_decision_date() -> None:
    doc = Document(
        source="t",
        text="Netflix has canceled 'Lockwood & Co.' after one season.",
        published=dt.date(2023, 5, 1),
    )
    (event,) = extract(doc).events
    assert event.date == dt.date(2023, 5, 1)


def test_attribution() -> None:
    doc = Document(
        source="t",
        text="Peacock has canceled 'Rutherford Falls' after two seasons, according to Variety.",
    )
    (event,) = extract(doc).events
    assert event.attribution == "Variety"


@pytest.mark.parametrize(
    ("phrase", "outlet"),
    [
        ("per Deadline", "Deadline"),
        ("as first reported by TVLine", "TVLine"),
        ("according to What’s on Netflix", "What’s on Netflix"),
        ("according to Variety's Jane Doe", "Variety"),
        ("THR reports", "The Hollywood Reporter"),
    ],
)
def test_attribution_forms(phrase: str, outlet: str) -> None:
    from cliffhanger.extraction.context import attribution

    assert attribution(f"Hulu has canceled 'Woke', {phrase}.") == outlet


def test_evidence_is_the_sentence() -> None:
    text = "Intro line here.\n\nStarz has renewed 'Outlander' for an eighth season. More follows."
    (event,) = extract(Document(source="t", text=text)).events
    assert event.evidence == "Starz has renewed 'Outlander' for an eighth season."


def test_truncated_text_does_not_crash_or_invent() -> None:
    doc = Document(source="t", text="Netflix has renewed 'Bridgerton' for a")
    found = extract(doc).events
    assert [(e.show, e.status) for e in found] == [("Bridgerton", REN)]
    assert found[0].season is None


def test_every_trigger_has_a_gate() -> None:
    from cliffhanger.extraction.trigger_search import ALSO, GATES
    from cliffhanger.extraction.triggers import TRIGGERS

    assert {t.name for t in TRIGGERS} == set(GATES)
    assert set(ALSO) <= set(GATES)


def test_every_season_pattern_has_its_gate() -> None:
    from cliffhanger.extraction.seasons import GATES, PATTERNS

    assert len(GATES) == len(PATTERNS)


def test_html_page_gives_main_text_events_only() -> None:
    """Captions, related-article rails and comments are not the article's news."""
    from pathlib import Path

    from cliffhanger.documents.load import read_document

    page = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "renewal-with-rails.html"
    found = {
        (e.show, e.status, e.network, e.season) for e in extract(read_document(str(page))).events
    }
    assert found == {("Only Murders in the Building", REN, "Hulu", 3)}
