"""The Metacritic renewal scorecard (2013-2020) as status events.

Each row is one show-season of one scorecard year: `name, season, status,
tv_network, ano`. The status column is free text ("Renewed 5/13",
"Canceled 8/22, but revived 4/15", "Will end with season 7", "Miniseries");
this module splits it into clauses and reads one event from each clause that
states a decision. Rules, in order of the vocabulary:

- `canceled` (canceled, axed, order rescinded; not "uncanceled"): season = the
  row's season, the number of seasons the show had.
- `revived` (revived, uncanceled, saved, or "picked up" after a cancellation):
  season = the season named, if any.
- `final_season` ("final"/"last" season, "ending with/after", "will end with"):
  season = the number named, else the row's season.
- `renewed` (renewed, renewal, picked up, will return): season = the ordinal
  named ("a 5th season", "S3", "through season 7"), else row season + 1;
  "seasons 2 and 3" gives two events.
- Hedged clauses ("presumed", "likely", "could", "unlikely", "uncertain") are
  kept as speculative events. Descriptions, delays and moves give no event,
  nor do catalog notes (`NOTE`: "fka Last Summer", "aka ...", "formerly ..."):
  the words after them are a title, and "Last Summer" is no last season.

Dates without a year take it from `ano`, the scorecard year, which runs from
about June of `ano` to May of the next year: months 6-12 are `ano`, months
1-5 are `ano + 1`. A date that would fall before the row's season start, or
before the previous event of the same row, rolls over one year. Two-digit
years are 20xx.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cliffhanger.errors import InputError
from cliffhanger.model import Status, StatusEvent
from cliffhanger.resolution.networks import NetworkIndex, default_index

ATTRIBUTION = "Metacritic renewal scorecard"

# Scorecard codes seen in the 2013-2020 file, and the network each stands for
# (checked against the shows listed under each code).
NETWORK_CODES: dict[str, str | None] = {
    "ABCF": "ABC Family", "ACORN": "Acorn TV", "ACRN": "Acorn TV", "ADSW": "Adult Swim",
    "AMZN": "Prime Video", "APPL": "Apple TV+", "BBCA": "BBC America", "BNCE": "Bounce TV",
    "BOUN": "Bounce TV", "BRAV": "Bravo", "BRIT": "BritBox", "CHIL": "Chiller",
    "COM": "Comedy Central", "CRKL": "Crackle", "DCU": "DC Universe", "DIREC": "Audience",
    "DIS": "Disney Channel", "DISC": "Discovery", "DISN": "Disney Channel",
    "DISXD": "Disney XD", "ELREY": "El Rey Network", "ESQ": "Esquire Network",
    "FB": "Facebook Watch", "FREEF": "Freeform", "FUSN": "Fusion", "HALL": "Hallmark Channel",
    "HIST": "History", "HULU": "Hulu", "ID": "Investigation Discovery", "IMDB": "IMDb TV",
    "LIFE": "Lifetime", "MAX": "Cinemax", "NETF": "Netflix", "NGC": "National Geographic",
    "NICK": "Nickelodeon", "OVAT": "Ovation", "OVTN": "Ovation", "PAR": "Paramount Network",
    "PIVOT": "Pivot", "PMN": "Paramount Network", "POP": "Pop", "PSN": "PlayStation Network",
    "QUIB": "Quibi", "SEESO": "Seeso", "SHDR": "Shudder", "SHO": "Showtime", "SHUD": "Shudder",
    "SPEC": "Spectrum Originals", "SPIKE": "Spike", "STRZ": "Starz", "SUND": "SundanceTV",
    "TRU": "truTV", "TVL": "TV Land", "TVLND": "TV Land", "VICEL": "Viceland", "VUDU": "Vudu",
    "WE": "WE tv", "XBOX": "Xbox", "YHOO": "Yahoo Screen", "YT": "YouTube",
    "(WEB)": None,  # a show sold on its creator's own website
}  # fmt: skip


@dataclass(frozen=True)
class ScorecardRow:
    """One show-season of the scorecard, with the events its status text states."""

    show: str
    network: str | None
    season: int | None
    premiere: dt.date | None
    note: str
    year: int
    events: tuple[StatusEvent, ...] = ()


def network_name(code: str, networks: NetworkIndex | None = None) -> str | None:
    """Return the canonical network of a scorecard network code or name (None for "(WEB)")."""
    networks = networks or default_index()
    text = re.sub(r"\s*\(.*", "", code.strip()) or code.strip()  # "HBO Max (new ...)"
    if text.upper() in NETWORK_CODES:
        text = NETWORK_CODES[text.upper()] or ""
    if not text:
        return None
    return networks.canonical(text) or text


_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}(?:\d{2})?))?\b(?!-)")


def resolve_date(month: int, day: int, year: int | None, ano: int) -> dt.date | None:
    """Return the date of "M/D[/Y]" in scorecard year `ano` (June..May), None if impossible."""
    if year is None:
        year = ano if month >= 6 else ano + 1
    elif year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _first_date(text: str, ano: int) -> tuple[dt.date | None, bool]:
    """Return the first date in a clause and whether its year was written."""
    for match in _DATE.finditer(text):
        year = int(match.group(3)) if match.group(3) else None
        date = resolve_date(int(match.group(1)), int(match.group(2)), year, ano)
        if date:
            return date, year is not None
    return None, False


def parse_season(text: str, ano: int) -> tuple[int | None, dt.date | None]:
    """Return the season number and start date of the season column ("SEASON 2 starts 7/26")."""
    number = re.search(r"\d+", text)
    start = None
    starts = re.search(r"starts?\s+(.*)", text, re.IGNORECASE)
    if starts:
        start, _ = _first_date(starts.group(1), ano)
    return (int(number.group()) if number else None), start


_CLAUSES = re.compile(
    r";|,?\s+but\s+(?:then\s+)?|,\s+(?=(?:and\s+)?(?:un)?cancel|revived|picked|S\d)", re.IGNORECASE
)
# a negation on the decision word itself ("not officially renewed"), not "will never air"
_NEGATED = re.compile(
    r"\b(?:not|no|never|won'?t)\s+(?:\w+\s+)?(?:renew|cancel|revive|end|return)", re.IGNORECASE
)
_HEDGE = re.compile(
    r"\b(presumed|likely|unlikely|could|may|possible|uncertain|unsure|not sure|expected|"
    r"negotiations|unofficially|status uncertain)\b",
    re.IGNORECASE,
)
_CANCELED = re.compile(r"(?<!un)\b(cancell?ed|axed|rescinded)\b", re.IGNORECASE)
_REVIVED = re.compile(r"\b(revived|uncancell?ed|saved)\b", re.IGNORECASE)
_PICKED_UP = re.compile(r"\bpicked up\b", re.IGNORECASE)
_FINAL = re.compile(
    r"\b(final|last)\b(?!\s+\d+\s+(?:eps|episodes))|\bending (?:with|after)\b|\bwill end\b|"
    r"\bends? after\b",
    re.IGNORECASE,
)
_RENEWED = re.compile(r"\b(renew\w*|will return|returns? for)\b", re.IGNORECASE)
# A catalog note, not a decision: an earlier or other title ("fka Last Summer", "aka ...",
# "formerly ...", "previously titled ..."): the words after it are a name, never a status.
NOTE = re.compile(
    r"^\s*(?:f\.?k\.?a\.?|a\.?k\.?a\.?|formerly(?:\s+known\s+as|\s+titled)?|previously\s+titled|"
    r"working\s+title|originally\s+titled)\b",
    re.IGNORECASE,
)
_BY_NETWORK = re.compile(r"\bby\s+([A-Z][\w+!&.-]*(?:\s+[A-Z+][\w+!&.-]*)*)")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
# "season 2/5" is a date after the word season, not season 2
_SEASON_NO = re.compile(r"\b(?:S|seasons?\s*)(\d+)\b(?![-/])", re.IGNORECASE)
_SEASONS_AND = re.compile(r"\bseasons\s+(\d+)\s+(?:and|&)\s+(\d+)", re.IGNORECASE)


def _numbers(clause: str) -> list[int]:
    """Return the season numbers a clause names, in order."""
    pair = _SEASONS_AND.search(clause)
    if pair:
        return [int(pair.group(1)), int(pair.group(2))]
    found = [(m.start(), int(m.group(1))) for m in _ORDINAL.finditer(clause)]
    found += [(m.start(), int(m.group(1))) for m in _SEASON_NO.finditer(clause)]
    # "Renewed for a 3-ep 4th season": episode counts are not seasons
    found = [(pos, n) for pos, n in found if not re.match(r"\d+-ep", clause[pos:])]
    return [n for _, n in sorted(found)]


def _clause_events(
    clause: str, season: int | None, canceled_before: bool
) -> list[tuple[Status, int | None]]:
    """Return (status, season) pairs one clause states, before dates are attached."""
    numbers = _numbers(clause)
    named = numbers[-1] if numbers else None
    if _REVIVED.search(clause) or (canceled_before and _PICKED_UP.search(clause)):
        return [(Status.REVIVED, named)]
    if _CANCELED.search(clause):
        return [(Status.CANCELED, season)]
    if _FINAL.search(clause):
        return [(Status.FINAL_SEASON, named or season)]
    if _RENEWED.search(clause) or _PICKED_UP.search(clause):
        if len(numbers) >= 2 and _SEASONS_AND.search(clause):
            return [(Status.RENEWED, n) for n in numbers]
        default = season + 1 if season is not None else None
        return [(Status.RENEWED, named or default)]
    return []


def _network_by(clause: str, networks: NetworkIndex) -> str | None:
    """Return the network a clause says acted ("picked up by Netflix"), if it is a known one."""
    match = _BY_NETWORK.search(clause)
    return networks.canonical(match.group(1)) if match else None


def parse_status(
    text: str,
    show: str,
    network: str | None,
    season: int | None,
    ano: int,
    premiere: dt.date | None = None,
    networks: NetworkIndex | None = None,
) -> list[StatusEvent]:
    """Return the status events a scorecard status text states, in the order it states them."""
    networks = networks or default_index()
    events: list[StatusEvent] = []
    last: dt.date | None = premiere
    for raw in _CLAUSES.split(text):
        clause = raw.strip(" ,.")
        if not clause:
            continue
        if NOTE.search(clause):
            continue  # a catalog note ("fka Last Summer"): a name, not a decision
        speculative = bool(_HEDGE.search(clause))
        if _NEGATED.search(clause) and not speculative:
            continue  # "Not officially renewed": no decision
        canceled_before = any(e.status is Status.CANCELED for e in events)
        found = _clause_events(clause, season, canceled_before)
        if not found:
            continue
        date, explicit = _first_date(clause, ano)
        if date and not explicit and last and date < last:
            date = date.replace(year=date.year + 1)  # after the season start / previous event
        last = date or last
        acting = _network_by(clause, networks) or network
        for status, number in found:
            events.append(
                StatusEvent(
                    show=show,
                    status=status,
                    network=acting,
                    season=number,
                    date=date,
                    speculative=speculative,
                    confidence=0.5 if speculative else 0.9,
                    evidence=text.strip(),
                    attribution=ATTRIBUTION,
                )
            )
    return events


def parse_row(row: dict[str, str], networks: NetworkIndex | None = None) -> ScorecardRow:
    """Return one scorecard CSV row with its events."""
    try:
        ano = int(row["ano"])
    except (KeyError, ValueError) as e:
        raise InputError(f"scorecard row without a year: {row!r}") from e
    show = " ".join(row.get("name", "").split())
    network = network_name(row.get("tv_network", ""), networks)
    season, premiere = parse_season(row.get("season", ""), ano)
    note = " ".join(row.get("status", "").split())
    events = parse_status(note, show, network, season, ano, premiere, networks)
    return ScorecardRow(show, network, season, premiere, note, ano, tuple(events))


def read_scorecard(path: str, networks: NetworkIndex | None = None) -> Iterator[ScorecardRow]:
    """Yield the rows of the scorecard CSV (name, season, status, tv_network, ano)."""
    networks = networks or default_index()
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                yield parse_row(row, networks)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"cannot read scorecard {path}: {e}", hint="check the path") from e


def scorecard_events(path: str, networks: NetworkIndex | None = None) -> list[StatusEvent]:
    """Return every status event of the scorecard file, row by row."""
    return [event for row in read_scorecard(path, networks) for event in row.events]
