"""Network canonicalisation: one canonical name per real network.

A curated table says which spellings name the same network ("Apple TV Plus",
"Apple TV+") and which network a renamed service became (HBO Max -> Max, CBS
All Access -> Paramount+). Renames stay separate canonical names linked by
`successor`, so a 2021 event keeps the name the network had then while
`current()` and `related()` still see one service. `family` groups sister
networks of one owner brand (HBO and HBO Max, FX and FXX), which matching
treats as a near match because shows move between them.

`default_index()` uses the curated table only (no file I/O);
`NetworkIndex.with_tmdb(path)` adds every network named in the TMDB dump.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cliffhanger.errors import InputError


@dataclass(frozen=True)
class Network:
    """A canonical network, its other spellings, and what it was renamed to."""

    name: str
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    family: str | None = None


def _n(
    name: str, *aliases: str, successor: str | None = None, family: str | None = None
) -> Network:
    return Network(name, aliases, successor, family)


# Why each grouping: aliases are spellings of one service at one time; a
# rename is a successor; sister channels share a family.
CURATED: tuple[Network, ...] = (
    _n("HBO", "Home Box Office", family="HBO"),
    _n("HBO Max", "HBOMax", successor="Max", family="HBO"),
    _n("Max", family="HBO"),
    _n("Cinemax", family="HBO"),
    _n(
        "Prime Video",
        "Amazon",
        "Amazon Prime",
        "Amazon Prime Video",
        "Prime",
        "Amazon Studios",
        family="Amazon",
    ),
    _n("Freevee", "Amazon Freevee", successor="Prime Video", family="Amazon"),
    _n("IMDb TV", successor="Freevee", family="Amazon"),
    _n("Apple TV+", "Apple TV Plus", "Apple TV", "AppleTV+", "Apple", family="Apple"),
    _n("CBS All Access", successor="Paramount+", family="Paramount"),
    _n("Paramount+", "Paramount Plus", family="Paramount"),
    _n("CBS", "CBS Television", family="Paramount"),
    _n("Paramount Network", family="Paramount"),
    _n("Spike", "Spike TV", successor="Paramount Network", family="Paramount"),
    _n("Showtime", "Paramount+ with Showtime", family="Paramount"),
    _n("Comedy Central", family="Paramount"),
    _n("MTV", family="Paramount"),
    _n("Nickelodeon", "Nick", family="Paramount"),
    _n("BET", family="Paramount"),
    _n("BET+", "BET Plus", family="Paramount"),
    _n("TV Land", family="Paramount"),
    _n("VH1", family="Paramount"),
    _n("Pop", "Pop TV", family="Paramount"),
    _n("The CW", "CW", "CW Network"),
    _n("Disney+", "Disney Plus", "Disney", family="Disney"),
    _n("Disney Channel", family="Disney"),
    _n("Disney XD", family="Disney"),
    _n("Disney Junior", family="Disney"),
    _n("ABC", "ABC Network", family="Disney"),
    _n("ABC Family", successor="Freeform", family="Disney"),
    _n("Freeform", family="Disney"),
    _n("Hulu", family="Disney"),
    _n("FX", "FX Networks", "FX on Hulu", "FX Productions", family="Disney"),
    _n("FXX", family="Disney"),
    _n("National Geographic", "Nat Geo", "National Geographic Channel", family="Disney"),
    _n("ESPN", family="Disney"),
    _n("Peacock", family="NBCUniversal"),
    _n("NBC", family="NBCUniversal"),
    _n("USA Network", "USA", family="NBCUniversal"),
    _n("Syfy", "Sci-Fi Channel", "SciFi", "SyFy", "SYFY", family="NBCUniversal"),
    _n("Bravo", family="NBCUniversal"),
    _n("E!", "E! Entertainment", family="NBCUniversal"),
    _n("Seeso", family="NBCUniversal"),
    _n("Netflix"),
    _n("Fox", "FOX", "Fox Broadcasting Company"),
    _n("Adult Swim", "[adult swim]", "AdultSwim.com", family="Warner"),
    _n("Cartoon Network", family="Warner"),
    _n("TNT", "TNT US", family="Warner"),
    _n("TBS", "TBS US", family="Warner"),
    _n("truTV", "TruTV", family="Warner"),
    _n("Discovery", "Discovery Channel", family="Warner"),
    _n("discovery+", "Discovery Plus", "Discovery+", family="Warner"),
    _n("Investigation Discovery", "ID", family="Warner"),
    _n("TLC", family="Warner"),
    _n("HGTV", family="Warner"),
    _n("Food Network", family="Warner"),
    _n("OWN", "Oprah Winfrey Network", family="Warner"),
    _n("DC Universe", "DCU", family="Warner"),
    _n("Channel 4", "C4", "All 4", "Channel 4 (Online)", family="Channel 4"),
    _n("E4", family="Channel 4"),
    _n("BBC One", "BBC", "BBC1", "BBC Television", family="BBC"),
    _n("BBC Two", "BBC2", family="BBC"),
    _n("BBC Three", "BBC3", family="BBC"),
    _n("BBC Four", "BBC4", family="BBC"),
    _n("BBC iPlayer", family="BBC"),
    _n("ITV", "ITV1", "ITVX", "ITV Hub", "ITV Studios", family="ITV"),
    _n("ITV2", family="ITV"),
    _n("ITVBe", family="ITV"),
    _n("Channel 5", "5", "Five", "Channel Five"),
    _n("Sky", family="Sky"),
    _n("Sky One", "Sky 1", successor="Sky Max", family="Sky"),
    _n("Sky Max", family="Sky"),
    _n("Sky Atlantic", family="Sky"),
    _n("Starz", "STARZ", "Starz!"),
    _n("Epix", "EPIX", successor="MGM+", family="Amazon"),
    _n("MGM+", "MGM Plus", family="Amazon"),
    _n("AMC", family="AMC"),
    _n("AMC+", "AMC Plus", family="AMC"),
    _n("IFC", family="AMC"),
    _n("SundanceTV", "Sundance TV", "Sundance Channel", family="AMC"),
    _n("Sundance Now", family="AMC"),
    _n("Shudder", family="AMC"),
    _n("BBC America", "BBCA", family="AMC"),  # AMC Networks co-owns it
    _n("Crunchyroll"),
    _n("Funimation", successor="Crunchyroll"),
    _n("CBC", "CBC Television", "CBC Gem"),
    _n("CTV"),
    _n("Global", "Global TV"),
    _n("PBS"),
    _n("A&E", "A & E", "Arts & Entertainment"),
    _n("Lifetime"),
    _n("History", "History Channel", "The History Channel"),
    _n("Hallmark Channel", "Hallmark"),
    _n("WGN America", "WGN"),
    _n("YouTube", "YouTube Red", "YouTube Premium", "YouTube Originals"),
    _n("Facebook Watch", "Facebook"),
    _n("Quibi"),
    _n("Crackle", "Sony Crackle"),
    _n("Acorn TV", "Acorn"),
    _n("BritBox"),
    _n("Ovation", "Ovation TV"),
    _n("El Rey Network", "El Rey"),
    _n("Pivot"),
    _n("Yahoo Screen", "Yahoo"),
    _n("Spectrum Originals", "Spectrum"),
    _n("Audience", "Audience Network", "AT&T Audience", "DirecTV", "DIRECTV"),
    _n("Viceland", "Vice"),
    _n("Reelz", "ReelzChannel"),
    _n("CMT"),
    _n("WE tv", "WE"),
    _n("Bounce TV", "Bounce"),
    _n("ION Television", "ION"),
    _n("Chiller"),
    _n("Fusion"),
    _n("Esquire Network"),
    _n("PlayStation Network", "PlayStation"),
    _n("Xbox", "Xbox Live"),
    _n("Vudu"),
    _n("VRV"),
    _n("Stan"),
    _n("Crave"),
    _n("Roku", "The Roku Channel"),
    _n("Tubi"),
    _n("Syndication", "syndication"),
    _n("Revry"),
    # Australia
    _n("Channel Nine", "Nine", "Nine Network"),
    _n("Channel Seven", "Seven", "Seven Network"),
    _n("Network 10", "Network Ten", "Channel 10", "Channel Ten"),
    _n("Foxtel", family="Foxtel"),
    _n("Binge", family="Foxtel"),
)

_PUNCT = re.compile(r"[\W_]+")  # any script: TMDB names Chinese, Arabic, Cyrillic networks


def name_key(name: str) -> str:
    """Return the lookup key of a network name: case, punctuation, '+', '&', 'the' folded."""
    text = name.casefold().strip()
    text = text.replace("+", " plus ").replace("&", " and ")
    text = re.sub(r"^the\s+", "", text)
    return _PUNCT.sub("", text)


class NetworkIndex:
    """Canonical network names by any known spelling, built once and shared."""

    def __init__(
        self, networks: Iterable[Network] = CURATED, extra: dict[str, int] | None = None
    ) -> None:
        self._networks: dict[str, Network] = {}
        self._by_key: dict[str, str] = {}
        self._spellings: dict[str, list[str]] = {}
        for network in networks:
            if network.name in self._networks:
                continue  # first definition wins; later ones only repeat a name
            self._networks[network.name] = network
            for spelling in (network.name, *network.aliases):
                self._by_key.setdefault(name_key(spelling), network.name)
                self._spellings.setdefault(network.name, []).append(spelling)
        #: shows per canonical name in the TMDB dump (empty for the curated index)
        self.counts: Counter[str] = Counter()
        for name, count in sorted((extra or {}).items(), key=lambda kv: -kv[1]):
            key = name_key(name)
            if not key:
                continue
            canonical = self._by_key.setdefault(key, name)
            spellings = self._spellings.setdefault(canonical, [])
            if name not in spellings:
                spellings.append(name)
            self.counts[canonical] += count

    @classmethod
    def with_tmdb(cls, path: str | Path) -> NetworkIndex:
        """Return an index of the curated table plus every network in a TMDB dump."""
        return cls(CURATED, load_tmdb_networks(path))

    def canonical(self, name: str | None) -> str | None:
        """Return the canonical name of a network spelling, or None when unknown."""
        if not name:
            return None
        return self._by_key.get(name_key(name))

    def aliases(self, canonical: str) -> list[str]:
        """Return every known spelling of a canonical network (itself first), [] if unknown."""
        return list(self._spellings.get(canonical, []))

    def successor(self, canonical: str) -> str | None:
        """Return the network a renamed service became, or None."""
        network = self._networks.get(canonical)
        return network.successor if network else None

    def current(self, name: str) -> str | None:
        """Return today's name of a network, following renames to the end."""
        canonical = self.canonical(name)
        seen: set[str] = set()
        while canonical and canonical not in seen:
            seen.add(canonical)
            nxt = self.successor(canonical)
            if nxt is None:
                break
            canonical = nxt
        return canonical

    def family(self, name: str) -> str | None:
        """Return the owner brand of a network (HBO, Disney...), or None."""
        canonical = self.canonical(name)
        network = self._networks.get(canonical) if canonical else None
        return network.family if network else None

    def related(self, a: str | None, b: str | None) -> bool:
        """Return True when two names are one network, a rename of it, or a sister network."""
        if not a or not b:
            return False
        ca, cb = self.canonical(a), self.canonical(b)
        if ca is None or cb is None:
            return name_key(a) == name_key(b)
        if ca == cb or self.current(ca) == self.current(cb):
            return True
        fa, fb = self.family(ca), self.family(cb)
        return fa is not None and fa == fb

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.canonical(name) is not None

    def __len__(self) -> int:
        return len(set(self._by_key.values()))


@lru_cache(maxsize=1)
def default_index() -> NetworkIndex:
    """Return the process-wide index built from the curated table (no file I/O)."""
    return NetworkIndex(CURATED)


def iter_tmdb_records(path: str | Path, chunk_size: int = 1 << 16) -> Iterator[dict[str, object]]:
    """Yield the objects of a (gzipped) JSON array one at a time, without loading it whole."""
    decoder = json.JSONDecoder()
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            buffer, pos, started = "", 0, False
            while True:
                chunk = handle.read(chunk_size)
                buffer = buffer[pos:] + chunk
                pos = 0
                while True:
                    while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                        pos += 1
                    if not started and pos < len(buffer):
                        if buffer[pos] != "[":
                            raise InputError(f"{path}: not a JSON array")
                        started, pos = True, pos + 1
                        continue
                    if pos < len(buffer) and buffer[pos] == "]":
                        return
                    try:
                        record, pos = decoder.raw_decode(buffer, pos)
                    except json.JSONDecodeError:
                        break  # an object cut by the chunk boundary: read more
                    if isinstance(record, dict):
                        yield record
                if not chunk:
                    if buffer[pos:].strip():
                        raise InputError(f"{path}: truncated JSON array")
                    return
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise InputError(
            f"cannot read TMDB networks from {path}: {e}",
            hint="pass the tv-networks JSON (optionally .gz) exported from TMDB",
        ) from e


def load_tmdb_networks(path: str | Path) -> dict[str, int]:
    """Return network name -> number of shows it carries, streamed from a TMDB dump."""
    counts: Counter[str] = Counter()
    for record in iter_tmdb_records(path):
        name = record.get("network_name")
        if isinstance(name, str) and name.strip():
            counts[name.strip()] += 1
    return dict(counts)
