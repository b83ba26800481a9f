"""Words the extractor knows: networks and their aliases, number words, hedges.

Plain data, built once per process. Network names and spellings are the
resolution stage's table (`resolution.networks.CURATED`), so extraction and
resolution name every network the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Networks come from the one table, `resolution.networks.CURATED` (names, spellings,
# renames, sister channels), shared with resolution. Prose needs two lists more:
# spellings too common as words to count as a network anywhere in a sentence ...
NOT_IN_PROSE = {"5", "Five", "ID", "WE", "USA", "Vice", "Yahoo", "Facebook", "Bounce", "ION",
                "Fusion", "Pivot", "Chiller", "History", "Pop", "Global", "Acorn",
                "Audience", "Spectrum", "DirecTV", "DIRECTV", "PlayStation", "Xbox",
                "Spike", "Crackle"}  # fmt: skip


def _network_forms() -> dict[str, tuple[str, ...]]:
    """Return canonical network name -> the surface forms prose may use for it."""
    from cliffhanger.resolution.networks import CURATED

    return {
        n.name: tuple(f for f in (n.name, *n.aliases) if f not in NOT_IN_PROSE)
        for n in CURATED
        if any(f not in NOT_IN_PROSE for f in (n.name, *n.aliases))
    }


NETWORKS: dict[str, tuple[str, ...]] = _network_forms()

# ... and spellings that count as a network only next to a preposition or verb that
# makes them one ("at Max", "Prime's").
AMBIGUOUS = {"Max", "Prime", "Apple", "Amazon", "Disney", "Nick", "Stan", "Global", "Sky", "OWN",
             "Nine", "Seven", "Binge", "Crave"}  # fmt: skip
# Not a network when followed by these (a company, not a channel, decided).
NOT_NETWORK_AFTER = {"Studios", "Television", "TV", "Entertainment", "Animation", "Pictures"}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "a": 1, "an": 1, "single": 1, "just one": 1,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "debut": 1, "freshman": 1, "inaugural": 1, "sophomore": 2, "junior": 3,
}  # fmt: skip

# Month names and abbreviations -> month number (the one list; dates, titles and facts use it).
MONTHS: dict[str, int] = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for m in names
}  # fmt: skip
MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
# Day names (the one list; dates, titles and the network stops use it).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ALTERNATION = "|".join(WEEKDAYS)
# Capitalised words that open sentences without starting a title ("After", "Meanwhile").
SENTENCE_OPENERS = {
    "after", "but", "and", "in", "on", "at", "for", "with", "meanwhile", "now", "however",
    "while", "when", "if", "as", "so", "then", "this", "that", "these", "those", "it", "he",
    "she", "they", "we", "i", "his", "her", "their", "its", "our", "my", "there", "here",
    "although", "though", "because", "since", "also", "plus", "yet", "still", "earlier",
    "later", "today", "tonight", "yesterday", "last", "next", "before", "during", "despite",
    "according", "per", "via", "from", "by", "to", "of", "what", "who", "why", "how", "where",
    "which", "not", "no", "yes", "all", "both", "each", "some", "many", "most", "one", "two",
    "three", "the", "a", "an", "unfortunately", "sadly", "luckily", "thankfully", "fans",
    "viewers", "season", "seasons", "series", "episode", "photo", "credit", "getty", "source",
    "sources", "read", "watch", "related", "update", "exclusive", "breaking", "netflix's",
    # prepositions that open a sentence and no title ("Following X's final season, …")
    "following", "among", "amid", "including", "regarding", "along", "alongside", "besides",
    "unlike", "without", "throughout",
}  # fmt: skip

# Outlets an article may cite ("per Deadline"); spaces and apostrophes match loosely.
OUTLETS = (
    "Deadline", "Variety", "The Hollywood Reporter", "Hollywood Reporter", "THR", "TVLine",
    "TheWrap", "The Wrap", "Vulture", "Entertainment Weekly", "EW", "IndieWire", "Collider",
    "Screen Rant", "ScreenRant", "TV Insider", "Bloomberg", "The New York Times",
    "New York Times", "Puck", "The Los Angeles Times", "Los Angeles Times", "LA Times",
    "What's on Netflix", "Digital Spy", "Radio Times", "The Guardian", "BBC News",
    "Rolling Stone", "People", "TMZ", "Axios", "The Ankler", "Decider", "TV Guide",
    "CinemaBlend", "Slashfilm", "Gizmodo", "IGN", "Polygon", "Anime News Network", "Reuters",
    "the Associated Press", "AP", "The Daily Beast", "Business Insider", "The Information",
    "Netflix's Tudum", "Tudum",
)  # fmt: skip


def outlet_alternation() -> str:
    """Return a regex alternation of the outlets, longest first, loose on spaces and apostrophes."""
    forms = sorted(OUTLETS, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "[’']") for f in forms)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def network_pattern() -> re.Pattern[str]:
    """Return the compiled pattern matching any network surface form."""
    forms = [f for fs in NETWORKS.values() for f in fs]
    # The lookahead names the characters a form can start with: the same matches, but
    # the regex engine tries the long alternation only there (about 2.5x faster).
    first = "".join(sorted({re.escape(f[0]) for f in forms}))
    return re.compile(rf"(?=[{first}])(?<![\w+])(?:{_alt(forms)})(?![\w+])")


@lru_cache(maxsize=1)
def network_surface_map() -> dict[str, str]:
    """Return surface form -> canonical network name."""
    return {f: canon for canon, fs in NETWORKS.items() for f in fs}


def number_value(word: str) -> int | None:
    """Return the integer a number word, ordinal or digit string stands for, or None."""
    w = word.lower().strip()
    if w.isdigit():
        n = int(w)
        return n if 0 < n < 100 else None
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", w)
    if m:
        return int(m.group(1))
    return NUMBER_WORDS.get(w) or ORDINALS.get(w)


# The kinds of show ("drama", "docuseries"): the heads of "the series", "its new drama".
FORMAT_NOUNS = (
    "series", "show", "drama", "comedy", "dramedy", "sitcom", "thriller", "procedural",
    "anthology", "adaptation", "reboot", "revival", "spinoff", "spin-off", "prequel", "sequel",
    "docuseries", "docu-series", "miniseries", "program", "programme", "franchise", "soap",
    "anime", "cartoon",
)  # fmt: skip
# Words that describe a show before its title ("the hit legal drama X"): one list for the
# mention, clause and phrase-rule stages.
DESCRIPTOR_WORDS = (
    *FORMAT_NOUNS,
    "new", "hit", "acclaimed", "beloved", "popular", "long-running", "animated", "live-action",
    "limited", "legal", "medical", "police", "period", "fantasy", "sci-fi", "horror", "crime",
    "teen", "family", "reality", "unscripted", "non-scripted", "scripted", "docu-comedy",
    "musical", "spy", "comedic", "mystery", "adult", "superhero", "original", "romantic",
    "cooking", "competition", "dating", "kids", "children's", "talk", "game", "quiz", "travel",
    "documentary", "streaming", "broadcast", "cable", "freshman", "sophomore", "tv",
    "television", "shows", "workplace", "cop", "single-camera", "multi-camera", "half-hour",
    "hourlong", "hour-long",
)  # fmt: skip
DESCRIPTOR_ALTERNATION = "|".join(
    re.escape(w) for w in sorted(DESCRIPTOR_WORDS, key=len, reverse=True)
)
FORMAT_ALTERNATION = "|".join(re.escape(w) for w in sorted(FORMAT_NOUNS, key=len, reverse=True))

# Nouns that end the name of an occasion, not a series ("the Spring Gala Luncheon was
# canceled"): a bare title ending in one is not a show.
EVENT_NOUNS = frozenset(
    [
        "luncheon",
        "gala",
        "galas",
        "ceremony",
        "ceremonies",
        "concert",
        "concerts",
        "tour",
        "tours",
        "festival",
        "festivals",
        "parade",
        "parades",
        "conference",
        "summit",
        "dinner",
        "ball",
        "fundraiser",
        "screening",
        "screenings",
        "awards",
        "wedding",
        "flight",
        "flights",
        "convention",
        "expo",
        "fair",
        "marathon",
        "rally",
        "telethon",
        "benefit",
        "pageant",
        "tournament",
        "championship",
        "match",
        "cup",
    ]
)


def names_an_occasion(title: str) -> bool:
    """Return True if a title's last word is an occasion noun (`EVENT_NOUNS`)."""
    words = title.split()
    return bool(words) and words[-1].lower().strip(".,") in EVENT_NOUNS


# An adverb by its shape: an adjective's ending and "-ly" ("officially", "reportedly",
# "famously", "quietly", "suddenly"); "Family", "Italy" and "Firefly" are not.
_ADVERB = re.compile(
    r"^[A-Za-z][a-z]+(?:al|ful|ous|ive|ent|ant|ed|ing|ate|ic|less|ibl|abl|ar|et|ct|id|ck|ow|ng|"
    r"ght|ear|ure|ose|ete|ain|ual|en|pt|ft|rm|ct|st|mp|nd|ish)ly$"
)


def is_adverb(word: str) -> bool:
    """Return True for a word shaped like an adverb that is not also a given name."""
    return bool(_ADVERB.match(word)) and word not in first_names()


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Return the given names of people credited in TV (rules/first_names.txt).

    Built by training/build_first_names.py from the Netflix catalog's cast and
    director credits, minus words the news writes in lower case.
    """
    path = Path(__file__).with_name("rules") / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def person_like(name: str) -> bool:
    """Return True for a span shaped like a person's name: a given name and 1-2 capitalised words.

    "Kate McKinnon" and "Jane Doe and Mary Roe" are; "Grace and Frankie" and "King
    of Drag" (a small word inside) and one-word titles are not.
    """
    parts = re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", name)
    if len(parts) > 1:  # "Jane Doe and Mary Roe": people, if every one of them is
        return all(person_like(p) for p in parts)
    words = name.split()
    return (
        2 <= len(words) <= 3
        and words[0] in first_names()
        and all(re.fullmatch(r"[A-Z][\w’'.-]*", w) for w in words[1:])
    )


# A capitalised word, bounded and never re-entered mid-word (linear: no backtracking
# into a long token), and up to three more.
_WORD = r"(?<![\w’'-])[A-Z][\w’'-]{1,30}+"
_NAME = rf"{_WORD}(?: (?:{_WORD}|de|di|van|von|da|le|la)){{0,3}}"
# Contexts in which a capitalised name is a person, whatever its words: an age in
# apposition ("Jane Roe, 45,"), an honorific ("Miss Roe"), a verb of speaking right
# after ("Jane Roe said"). The conventions are those of news style guides (AP
# Stylebook: ages in apposition; honorifics), the shapes news text uses for people.
_PERSON_CONTEXT = re.compile(
    r"(?=[A-Z])"  # each branch starts with a capital: the engine skips every other place
    rf"(?P<age>{_NAME}), \d{{2}},"
    rf"|\b(?P<title>Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.? (?P<hon>{_NAME})"
    rf"|(?P<speaker>{_NAME}) (?:said|says|told|revealed|admitted|explained|added|wrote|"
    r"shared|posted|tweeted|confessed|insisted|recalled|gushed|joked|portrays|portrayed|"
    r"(?:starred|stars) (?:as|in|alongside|opposite))\b"  # a show "stars" someone; a person
    # "starred as" or "in" something
)
_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]*|&|\band)\s*$")


def people_named(text: str) -> frozenset[str]:
    """Return the names `text` marks as people: full names, surnames, given names, honorific
    forms.

    One pass of `_PERSON_CONTEXT` (linear in the text). A name counts from a given
    name on (`first_names`): "Showrunner Jane Roe, 45," gives {"Jane Roe", "Roe", "Jane"};
    "Dr. Jane Roe said" gives the same; "Mrs. Roe" then counts as "Mrs Roe" and
    "Mrs. Roe". A name with no given name ("Lost Harbor, 24,", "Netflix said") and
    an honorific inside a title ("The Marvelous Mrs. Maisel") are not people.
    """
    given = first_names()
    out: set[str] = set()
    honorifics = []
    for m in _PERSON_CONTEXT.finditer(text):
        kind = next(k for k in ("age", "hon", "speaker") if m.group(k))
        if kind == "hon" and _TITLE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        words = m.group(kind).split(" ")
        k = next((i for i, w in enumerate(words) if w in given), None)
        if k is None:
            if kind == "hon":
                honorifics.append((m.group("title"), words[0]))
            continue
        words = words[k : k + 3]
        if len(words) < 2:
            continue  # a given name alone ("Dana said") may be a title's word
        # the full name, the surname, and the given name the article may use alone later
        out.update((" ".join(words), words[-1], words[0]))
        if kind == "hon":
            honorifics.append((m.group("title"), words[-1]))
    # "Miss Roe" is a person when the article names a Roe as one ("Mrs America" is a show)
    for title, name in honorifics:
        if name in out:
            out.update((f"{title} {name}", f"{title}. {name}"))
    return frozenset(out)


def is_person(name: str, people: frozenset[str]) -> bool:
    """Return True if `name` is a person `people_named` found, or part of one's name."""
    words = name.strip().split()
    return name.strip() in people or (len(words) <= 2 and all(w in people for w in words))
