"""Lookup keys: show titles and network names folded so spelling variants meet."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Return `name` folded for lookup: no case, accents or punctuation ("Grey's" == "greys").

    "&" reads as "and" and "+" as "plus", so "Disney+" meets "Disney Plus"
    but not "Disney"; words are kept, so "The CW" and "CW" stay apart.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("+", " plus ")
    text = text.replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub(" ", text).strip()


def clip(text: str | None, limit: int) -> str | None:
    """Return `text` cut to `limit` characters (columns have a width; news text does not)."""
    if text is None:
        return None
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
