"""RSS and Atom feeds to FeedItems; broken feeds refused; no fetching by feedparser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cliffhanger.errors import InputError
from cliffhanger.sources.feeds import parse_feed
from cliffhanger.sources.fetch import Fetcher

from .conftest import FIXTURES, Server


def test_fetched_rss2_feed(server: Server) -> None:
    with Fetcher(allow_private=True) as f:
        result = f.fetch(server.url("/feed.xml"))
    feed = parse_feed(result.content, url=result.final_url)
    assert feed.version == "rss20"
    assert feed.title == "The Couch Report: TV News"
    first, second, third = feed.items
    assert first.title == "Netflix Cancels 1899 After One Season"  # HTML in titles removed
    assert first.link == "https://couchreport.example/news/2023/01/1899-canceled"
    assert first.guid == "couch-2023-0103-1899"
    assert first.published == dt.date(2023, 1, 3)  # the publisher's day, not UTC's
    assert first.summary == "The multilingual mystery from the makers of Dark will not return."
    assert second.link == "https://couchreport.example/news/2023/02/poker-face-renewed"
    assert second.guid == second.link  # no guid: the link
    assert third.link is None and third.published is None
    assert len(third.guid) == 32  # no guid, no link: a hash of the content


def test_fetched_atom_feed(server: Server) -> None:
    with Fetcher(allow_private=True) as f:
        feed = parse_feed(f.fetch(server.url("/atom.xml")).content)
    assert feed.version == "atom10"
    great, reacher = feed.items
    assert great.title == "Hulu Cancels The Great After Three Seasons"
    assert great.published == dt.date(2023, 8, 14)  # published wins over updated; local day
    assert great.guid == "tag:screendesk.example,2023:the-great"
    assert reacher.published == dt.date(2022, 2, 7)  # only <updated>
    assert reacher.summary == "Alan Ritchson returns for a second season."


@pytest.mark.parametrize(
    ("name", "version", "title", "published"),
    [
        (
            "feed-rss1.xml",
            "rss10",
            "AMC Sets Sixth and Final Season of 'Better Call Saul'",
            dt.date(2020, 1, 16),
        ),  # RDF with dc:date
        (
            "feed-rss091.xml",
            "rss091u",
            "Fox Drops 'Lucifer' After Three Seasons",
            None,
        ),  # 0.91, latin-1
    ],
)
def test_older_rss_versions(name: str, version: str, title: str, published: dt.date | None) -> None:
    feed = parse_feed((FIXTURES / name).read_bytes())
    assert feed.version == version
    assert feed.items[0].title == title
    assert feed.items[0].published == published


def test_latin1_feed_is_decoded() -> None:
    feed = parse_feed((FIXTURES / "feed-rss091.xml").read_bytes())
    assert "Café" in feed.items[0].summary


def test_feed_without_entries_is_not_an_error() -> None:
    feed = parse_feed(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>E</title></channel></rss>'
    )
    assert feed.items == ()


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "article.html").read_bytes(),  # a web page, not a feed
        b"renewed, canceled, who knows",  # not XML
        b"",  # empty
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut",  # truncated, no entries
        b"\x89PNG\r\n\x1a\n" + bytes(32),  # binary
    ],
)
def test_broken_feeds_raise_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        parse_feed(data, url="https://news.example/feed")


@pytest.mark.parametrize(
    "data",
    [
        "http://127.0.0.1:9/feed.xml",  # feedparser would fetch a URL string
        str(FIXTURES / "feed-rss2.xml"),  # and read a local file named by a string
    ],
)
def test_parse_feed_never_opens_what_a_string_names(data: str, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        parse_feed(data)
