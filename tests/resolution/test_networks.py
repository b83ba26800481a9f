"""Network canonicalisation: curated aliases, renames, sister networks, the TMDB dump."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cliffhanger.errors import InputError
from cliffhanger.resolution.networks import (
    NetworkIndex,
    default_index,
    iter_tmdb_records,
    load_tmdb_networks,
    name_key,
)

from .conftest import data_file


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("HBO Max", "HBO Max"),  # the streamer keeps its own name...
        ("Max", "Max"),  # ...and its 2023 name is a separate, linked entry
        ("HBO", "HBO"),  # the cable channel is another network
        ("Amazon", "Prime Video"),  # the trade press says "Amazon" for Prime Video
        ("Amazon Prime Video", "Prime Video"),
        ("Freevee", "Freevee"),
        ("Apple TV Plus", "Apple TV+"),  # "+" spelled out
        ("apple tv+", "Apple TV+"),  # case
        ("CBS All Access", "CBS All Access"),
        ("CW", "The CW"),  # leading "The" dropped
        ("Disney Plus", "Disney+"),
        ("Paramount Plus", "Paramount+"),
        ("FX on Hulu", "FX"),  # FX decides FX on Hulu shows
        ("FXX", "FXX"),
        ("USA", "USA Network"),
        ("[adult swim]", "Adult Swim"),  # TMDB's bracketed spelling
        ("C4", "Channel 4"),
        ("BBC", "BBC One"),
        ("ITVX", "ITV"),
        ("STARZ", "Starz"),
        ("AMC+", "AMC+"),
        ("Discovery Channel", "Discovery"),
        ("SYFY", "Syfy"),
        ("CBC Television", "CBC"),
        ("Paramount Network", "Paramount Network"),
        ("Crunchyroll", "Crunchyroll"),
    ],
)
def test_canonical(spelling: str, canonical: str) -> None:
    assert default_index().canonical(spelling) == canonical


@pytest.mark.parametrize("unknown", ["", "Nonexistent TV", None])
def test_unknown_names_are_none(unknown: str | None) -> None:
    # an unknown network must not be guessed into a known one
    assert default_index().canonical(unknown) is None


def test_aliases_list_spellings_with_canonical_first() -> None:
    aliases = default_index().aliases("Prime Video")
    assert aliases[0] == "Prime Video"
    assert {"Amazon", "Amazon Prime Video"} <= set(aliases)
    assert default_index().aliases("No Such Network") == []


def test_successors_are_data() -> None:
    index = default_index()
    assert index.successor("HBO Max") == "Max"
    assert index.successor("CBS All Access") == "Paramount+"
    assert index.current("IMDb TV") == "Prime Video"  # two renames followed
    assert index.current("Netflix") == "Netflix"


@pytest.mark.parametrize(
    ("a", "b", "related"),
    [
        ("HBO Max", "Max", True),  # rename
        ("HBO", "HBO Max", True),  # sister networks: shows move between them
        ("CBS All Access", "Paramount Plus", True),
        ("FX", "FXX", True),
        ("Netflix", "Hulu", False),
        ("Netflix", None, False),
        ("Some Local TV", "some local tv", True),  # unknown names: same spelling
    ],
)
def test_related(a: str, b: str | None, related: bool) -> None:
    assert default_index().related(a, b) is related


def test_default_index_is_built_once() -> None:
    assert default_index() is default_index()


def test_name_key_folds_punctuation() -> None:
    assert name_key("The CW") == name_key("CW") == "cw"
    assert name_key("Disney+") == name_key("Disney Plus")


def test_tmdb_stream_handles_chunk_boundaries(tmp_path: Path) -> None:
    records = [{"id": i, "network_name": f"Net {i % 3}", "network_country": ""} for i in range(50)]
    path = tmp_path / "n.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(records, handle)
    # a tiny chunk size cuts objects mid-way: every record must still come out whole
    assert list(iter_tmdb_records(path, chunk_size=7)) == records


def test_tmdb_bad_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"not": "an array"}')
    with pytest.raises(InputError):
        list(iter_tmdb_records(path))


def test_tmdb_dump_makes_every_network_known() -> None:
    path = data_file("catalog", "tmdb_tv_networks_2026-02-12.json.gz")
    counts = load_tmdb_networks(path)
    assert sum(counts.values()) == 148_022
    assert len(counts) == 4_155  # 4,164 raw names, some differ only by spaces
    assert counts["Netflix"] == 2_601
    index = NetworkIndex.with_tmdb(path)
    # every name in the dump resolves to something
    assert all(index.canonical(name) is not None for name in counts)
    assert index.canonical("Tencent Video") == "Tencent Video"
    assert index.canonical("Amazon Freevee") == "Freevee"  # TMDB spelling -> curated entry
    assert index.counts["Netflix"] == 2_601
    assert "Tencent Video" not in default_index()  # the curated index stays small
