"""Content hashes and canonical URLs, the two keys that make ingestion idempotent."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|ref_src$|cmpid$|src$)")


def normalise_text(text: str) -> str:
    """Return `text` folded for comparison: NFKC, lower case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """Return the SHA-256 of the normalised text: the same story syndicated hashes the same."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """Return `url` without fragment, tracking parameters, default port or trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower()))
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, query, ""))
