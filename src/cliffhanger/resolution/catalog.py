"""Show catalogs: TVmaze and Netflix CSV dumps, Wikidata entity JSON, a plain CSV.

Every reader returns `CatalogShow` records. Networks are canonicalised with
`networks.default_index()` (unknown names are kept as given).

Catalog status words are mapped onto Cliffhanger's show statuses
(`CATALOG_STATUS`):

    catalog says          status      why
    Ended                 ended       finished; whether canceled or by plan is
                                      not said, a `canceled` event refines it
    Running               pending     airing, no decision known to the catalog
    To Be Determined      pending     between seasons, no decision yet
    In Development        ordered     not aired yet
    Canceled / Ending     canceled / ending (the plain CSV may use our words)

`ended` means finished (by plan, or of unknown cause); `canceled` means the
network ended it; `ending` means a final season has been announced.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cliffhanger.errors import InputError
from cliffhanger.model import ShowStatus
from cliffhanger.resolution.networks import NetworkIndex, default_index

EXTERNAL_ID_KINDS = ("tvmaze", "tmdb", "imdb", "wikidata", "netflix", "tvmaze_row")

CATALOG_STATUS: dict[str, ShowStatus] = {
    "ended": ShowStatus.ENDED,
    "running": ShowStatus.PENDING,
    "returning series": ShowStatus.PENDING,  # TMDB's word for Running
    "to be determined": ShowStatus.PENDING,
    "tbd": ShowStatus.PENDING,
    "in development": ShowStatus.ORDERED,
    "planned": ShowStatus.ORDERED,
    "in production": ShowStatus.ORDERED,
    "ordered": ShowStatus.ORDERED,
    "canceled": ShowStatus.CANCELED,
    "cancelled": ShowStatus.CANCELED,
    "ending": ShowStatus.ENDING,
    "returning": ShowStatus.RETURNING,
    "pending": ShowStatus.PENDING,
}


def map_status(raw: str | None) -> ShowStatus | None:
    """Return the show status a catalog status word means, or None when blank or unknown."""
    if not raw:
        return None
    return CATALOG_STATUS.get(raw.strip().casefold())


@dataclass(frozen=True)
class CatalogShow:
    """One show as a catalog describes it."""

    title: str
    network: str | None = None
    premiered: dt.date | None = None
    ended: dt.date | None = None
    status: str | None = None  # a ShowStatus value, see CATALOG_STATUS
    seasons: int | None = None
    episodes: int | None = None
    external_ids: Mapping[str, str] = field(default_factory=dict)
    cast: tuple[tuple[str, str], ...] = ()  # (person, character); character "" if unknown
    aliases: tuple[str, ...] = ()
    year: int | None = None  # premiere year (never a streamer's release year)
    # A streamer that only carries the show (Netflix's catalog): never compared as its network.
    carrier: str | None = None
    other_networks: tuple[str, ...] = ()  # further networks a catalog lists (TMDB)
    seen_year: int | None = None  # a year it was on air, not its premiere (Netflix release_year)

    def __post_init__(self) -> None:
        if self.year is None and self.premiered is not None:
            object.__setattr__(self, "year", self.premiered.year)

    def __hash__(self) -> int:
        return hash((self.title, self.network, self.premiered, self.ref))

    @property
    def ref(self) -> str:
        """Return a stable "kind:id" reference from the first external id present."""
        for kind in EXTERNAL_ID_KINDS:
            if kind in self.external_ids:
                return f"{kind}:{self.external_ids[kind]}"
        return f"title:{self.title}"

    @property
    def people(self) -> frozenset[str]:
        """Return the lower-cased names of the cast."""
        return frozenset(person.casefold() for person, _ in self.cast if person)


# --- small field parsers ---------------------------------------------------


def _int(text: str | None) -> int | None:
    """Return the first integer in a field, or None."""
    match = re.search(r"\d+", text or "")
    return int(match.group()) if match else None


def _us_date(text: str | None) -> dt.date | None:
    """Return a date from "M/D/YYYY" or ISO "YYYY-MM-DD", or None."""
    text = (text or "").strip()
    try:
        if "/" in text:
            month, day, year = (int(p) for p in text.split("/"))
            return dt.date(year, month, day)
        if text:
            return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return None


_NUMBERED = re.compile(r"(?:^|,\s*)(\d+)-")


def parse_numbered(text: str | None) -> dict[int, str]:
    """Return {index: name} from TVmaze's "0-Name, 1-Name" strings."""
    parts = _NUMBERED.split(text or "")
    return {int(parts[i]): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


# The columns each CSV format cannot do without; a header is told apart by them.
CSV_COLUMNS = {
    "tvmaze": ("Name", "Network", "Premiere Date"),
    "netflix": ("show_id", "type", "title"),
    "csv": ("title",),
}


def _open_csv(path: str | Path, format_: str) -> Iterator[dict[str, str]]:
    """Yield a catalog CSV's rows; InputError for an unreadable, empty or wrong-format file."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            _check_header(path, format_, reader.fieldnames)
            yield from reader
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"cannot read catalog {path}: {e}", hint="check the path") from e


def _check_header(path: str | Path, format_: str, header: Sequence[str] | None) -> None:
    columns = {c.strip().lstrip("\ufeff") for c in header or ()}
    if not columns:
        raise InputError(f"{path}: empty catalog file", hint="give a CSV file with a header row")
    missing = [c for c in CSV_COLUMNS[format_] if c not in columns]
    # A plain CSV has a title column too: a header that is a known dump's is that dump.
    looks = [
        f for f, need in CSV_COLUMNS.items() if f not in (format_, "csv") and set(need) <= columns
    ]
    if missing or (format_ == "csv" and looks):
        raise InputError(
            f"{path}: not a {format_} catalog"
            + (f" (no {', '.join(repr(c) for c in missing)} column)" if missing else ""),
            hint=f"the header looks like a {looks[0]} catalog: use --format {looks[0]}"
            if looks
            else f"a {format_} catalog has the columns {', '.join(CSV_COLUMNS[format_])}",
        )


def _network(name: str | None, networks: NetworkIndex) -> str | None:
    name = (name or "").strip()
    return (networks.canonical(name) or name) if name else None


# --- readers ------------------------------------------------------------------


def read_tvmaze_csv(path: str | Path, networks: NetworkIndex | None = None) -> list[CatalogShow]:
    """Return the shows of the TVmaze top-shows CSV, dates un-swapped, casts paired.

    The dump swaps "End Date" and "Premiere Date" in most rows, so the earlier
    date of the two is the premiere; a lone date is a premiere (show running).
    It has no TVmaze ids: each show gets `tvmaze_row` (1-based data row).
    """
    networks = networks or default_index()
    shows = []
    for row_number, row in enumerate(_open_csv(path, "tvmaze"), start=1):
        dates = sorted(
            d for d in (_us_date(row.get("End Date")), _us_date(row.get("Premiere Date"))) if d
        )
        premiered = dates[0] if dates else None
        ended = dates[1] if len(dates) == 2 else None
        people = parse_numbered(row.get("Person Names"))
        characters = parse_numbered(row.get("Character Names"))
        cast = tuple((people[i], characters.get(i, "")) for i in sorted(people))
        shows.append(
            CatalogShow(
                title=row["Name"].strip(),
                network=_network(row.get("Network"), networks),
                premiered=premiered,
                ended=ended,
                status=(ShowStatus.ENDED if ended else ShowStatus.PENDING).value,
                seasons=_int(row.get("Total Seasons")),
                episodes=_int(row.get("Total Episodes")),
                external_ids={"tvmaze_row": str(row_number)},
                cast=cast,
            )
        )
    return shows


def read_netflix_csv(path: str | Path) -> list[CatalogShow]:
    """Return the TV shows (not movies) of the Netflix titles CSV, carried by Netflix.

    Netflix is the *carrier*, not the network: it streams Lucifer (Fox) and
    Downton Abbey (ITV) too. `release_year` is when a season came out there
    (Lucifer: 2021), so it is a year seen on air, never the premiere year.
    """
    shows = []
    for row in _open_csv(path, "netflix"):
        if row.get("type") != "TV Show":
            continue
        people = [p.strip() for p in (row.get("cast") or "").split(",") if p.strip()]
        shows.append(
            CatalogShow(
                title=row["title"].strip(),
                carrier="Netflix",
                seasons=_int(row.get("duration"))
                if "Season" in (row.get("duration") or "")
                else None,
                external_ids={"netflix": row["show_id"]},
                cast=tuple((p, "") for p in people),
                seen_year=_int(row.get("release_year")),
            )
        )
    return shows


def read_csv(path: str | Path, networks: NetworkIndex | None = None) -> list[CatalogShow]:
    """Return the shows of a plain catalog CSV.

    Columns: title,network,premiered,ended,status,seasons,episodes,tvmaze,tmdb,imdb
    (dates ISO or M/D/YYYY; status a catalog word such as "Ended", see
    CATALOG_STATUS; every column but title may be empty).
    """
    networks = networks or default_index()
    shows = []
    for line, row in enumerate(_open_csv(path, "csv"), start=2):
        title = (row.get("title") or "").strip()
        if not title:
            raise InputError(f"{path}:{line}: empty title", hint="every row needs a title")
        status = map_status(row.get("status"))
        ids = {k: row[k].strip() for k in ("tvmaze", "tmdb", "imdb") if (row.get(k) or "").strip()}
        shows.append(
            CatalogShow(
                title=title,
                network=_network(row.get("network"), networks),
                premiered=_us_date(row.get("premiered")),
                ended=_us_date(row.get("ended")),
                status=status.value if status else None,
                seasons=_int(row.get("seasons")),
                episodes=_int(row.get("episodes")),
                external_ids=ids,
            )
        )
    return shows


def read_catalogs(*paths: str | Path) -> list[CatalogShow]:
    """Return the shows of several catalog files, each read by the reader its name suggests."""
    shows: list[CatalogShow] = []
    for path in paths:
        name = Path(path).name.lower()
        if "tvmaze" in name:
            shows += read_tvmaze_csv(path)
        elif "netflix" in name:
            shows += read_netflix_csv(path)
        elif name.endswith(".json"):
            shows += read_wikidata_json(path)
        else:
            shows += read_csv(path)
    return shows


def _load_json(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read JSON {path}: {e}", hint="check the path") from e


# --- Wikidata -------------------------------------------------------------------

WIKIDATA_IDS = {"P8600": "tvmaze", "P4983": "tmdb", "P345": "imdb", "P1874": "netflix"}


def _values(entity: Mapping[str, Any], prop: str) -> list[tuple[Any, Mapping[str, Any]]]:
    """Return (value, qualifiers) of an entity's claims on a property, best rank first."""
    claims = entity.get("claims", {}).get(prop, [])
    ranked = sorted(claims, key=lambda c: c.get("rank") != "preferred")
    out = []
    for claim in ranked:
        if claim.get("rank") == "deprecated":
            continue
        snak = claim.get("mainsnak", {})
        if snak.get("snaktype", "value") != "value" or "datavalue" not in snak:
            continue
        out.append((snak["datavalue"].get("value"), claim.get("qualifiers", {})))
    return out


def _wd_date(value: Any) -> dt.date | None:
    """Return the date of a Wikidata time value ("+2008-01-20T00:00:00Z"; 00 = unknown)."""
    if not isinstance(value, Mapping):
        return None
    match = re.match(r"[+]?(\d{4,})-(\d\d)-(\d\d)", str(value.get("time", "")))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        return None


def _wd_label(value: Any, labels: Mapping[str, str]) -> str | None:
    """Return the label of an item value from the sidecar map (its Q-id when absent)."""
    if isinstance(value, Mapping) and "id" in value:
        return labels.get(value["id"], value["id"])
    return None


def _wd_amount(value: Any) -> int | None:
    if isinstance(value, Mapping):
        return _int(str(value.get("amount", "")))
    return None


def _wd_text(entity: Mapping[str, Any], key: str, lang: str) -> list[str]:
    found = entity.get(key, {}).get(lang, [])
    items = found if isinstance(found, list) else [found]
    return [item["value"] for item in items if isinstance(item, Mapping) and "value" in item]


def wikidata_show(
    entity: Mapping[str, Any], labels: Mapping[str, str], networks: NetworkIndex, lang: str = "en"
) -> CatalogShow | None:
    """Return the CatalogShow of one Wikidata entity, or None when it has no label."""
    titles = _wd_text(entity, "labels", lang)
    if not titles:
        return None
    broadcasters = [_wd_label(v, labels) for v, _ in _values(entity, "P449")]
    ids = {"wikidata": str(entity.get("id", ""))} if entity.get("id") else {}
    for prop, kind in WIKIDATA_IDS.items():
        found = [v for v, _ in _values(entity, prop) if isinstance(v, str)]
        if found:
            ids[kind] = found[0]
    cast = []
    for value, qualifiers in _values(entity, "P161"):
        person = _wd_label(value, labels)
        roles = [
            _wd_label(q.get("datavalue", {}).get("value"), labels)
            for q in qualifiers.get("P453", [])
        ]
        if person:
            cast.append((person, next((r for r in roles if r), "")))
    starts = [_wd_date(v) for v, _ in _values(entity, "P580")]
    ends = [_wd_date(v) for v, _ in _values(entity, "P582")]
    ended = next((d for d in ends if d), None)
    return CatalogShow(
        title=titles[0],
        network=_network(next((b for b in broadcasters if b), None), networks),
        premiered=next((d for d in starts if d), None),
        ended=ended,
        status=ShowStatus.ENDED.value if ended else None,
        seasons=next((n for v, _ in _values(entity, "P2437") if (n := _wd_amount(v))), None),
        episodes=next((n for v, _ in _values(entity, "P1113") if (n := _wd_amount(v))), None),
        external_ids=ids,
        cast=tuple(cast),
        aliases=tuple(_wd_text(entity, "aliases", lang)),
    )


def read_wikidata_json(path: str | Path, networks: NetworkIndex | None = None) -> list[CatalogShow]:
    """Return the shows of a Wikidata entity JSON file.

    The file has Special:EntityData's shape, `{"entities": {"Q1079": {...}}}`
    (or a JSON list of entities, as in the dumps), plus an optional sidecar
    `"labels": {"Q-id": "label"}` naming the items it refers to (networks,
    actors, characters), which entity JSON does not carry. Properties read:
    P449 original broadcaster, P580/P582 start/end time, P2437 seasons,
    P1113 episodes, P161 cast member with P453 character role, and ids
    P8600 TVmaze, P4983 TMDB, P345 IMDb, P1874 Netflix.
    """
    networks = networks or default_index()
    data = _load_json(path)
    labels: Mapping[str, str] = {}
    if isinstance(data, Mapping):
        labels = data.get("labels", {})
        entities = list(data.get("entities", {}).values())
    elif isinstance(data, list):
        entities = data
    else:
        raise InputError(f"{path}: not Wikidata entity JSON", hint='expected {"entities": {...}}')
    shows = []
    for entity in entities:
        show = wikidata_show(entity, labels, networks) if isinstance(entity, Mapping) else None
        if show is not None:
            shows.append(show)
    return shows
