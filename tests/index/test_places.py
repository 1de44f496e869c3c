"""index/places.py: the small gazetteer behind `in <place>` and the location filter."""

from __future__ import annotations

import pytest

from index import places
from index.places import MULTI_WORD_STARTS, PLACES, canonical_place, folded_place, place_pattern
from index.text import fold


@pytest.mark.parametrize(
    ("words", "place"),
    [
        ("nyc", "New York"),
        ("NYC", "New York"),
        ("New York", "New York"),
        ("ny", "New York"),
        ("SF", "San Francisco"),
        ("bay area", "San Francisco"),
        ("LA", "Los Angeles"),
        ("São Paulo", "Sao Paulo"),
        ("sao paulo", "Sao Paulo"),
        ("München", "Munich"),
        ("munchen", "Munich"),
        ("Zürich", "Zurich"),
        ("lisboa", "Lisbon"),
        ("Bengaluru", "Bangalore"),
        ("CDMX", "Mexico City"),
        ("Wien", "Vienna"),
        ("Praha", "Prague"),
        ("Deutschland", "Germany"),
        ("us", "United States"),
        ("USA", "United States"),
        ("u.s.", "United States"),
        ("U.S.", "United States"),
        ("america", "United States"),
        ("UK", "United Kingdom"),
        ("England", "United Kingdom"),
        ("EU", "Europe"),
        ("EMEA", "Europe"),
        ("APAC", "Asia"),
        ("LATAM", "Latin America"),
        ("brasil", "Brazil"),
        ("Berlin.", "Berlin"),
        ("berlin,", "Berlin"),
        ("  Tokyo ", "Tokyo"),
        ("ＮＹＣ", "New York"),
    ],
)
def test_canonical_place_maps_spellings_to_one_name(words: str, place: str) -> None:
    assert canonical_place(words) == place
    assert folded_place(fold(words)) == place  # the parser's look-up of folded words


def test_multi_word_names_start_with_a_listed_word() -> None:
    for name in PLACES:
        first, *more = fold(name).split(" ")
        assert not more or first in MULTI_WORD_STARTS, name


@pytest.mark.parametrize(
    "words", ["python", "Springfield", "", "   ", "go", "remote", "Berlin Germany", "new"]
)
def test_canonical_place_is_none_for_unknown_words(words: str) -> None:
    assert canonical_place(words) is None


def test_every_canonical_name_maps_to_itself() -> None:
    for name in PLACES:
        assert canonical_place(name) == name, name
        assert canonical_place(name.upper()) == name, name


def test_every_spelling_is_folded_so_it_can_match_a_folded_location() -> None:
    for name, spellings in PLACES.items():
        for spelling in spellings:
            assert fold(spelling) == spelling or not spelling.isascii(), (name, spelling)
            assert spelling == spelling.strip(), (name, spelling)


@pytest.mark.parametrize(
    ("place", "location"),
    [
        ("Berlin", "Berlin, Germany"),
        ("Berlin", "Berlin (Hybrid)"),
        ("Berlin", "Remote or Berlin"),
        ("New York", "NYC or REMOTE (US and EU)"),
        ("New York", "Brooklyn, NY"),
        ("New York", "New York, NY"),
        ("San Francisco", "SF Bay Area"),
        ("San Francisco", "Silicon Valley"),
        ("United States", "remote,United States"),
        ("United States", "Remote (USA only)"),
        ("United States", "San Francisco, California"),
        ("United States", "NYC or REMOTE (US and EU)"),
        ("Europe", "NYC or REMOTE (US and EU)"),
        ("Europe", "London, UK"),
        ("Europe", "Remote - EMEA"),
        ("Europe", "Lisboa, Portugal"),
        ("Europe", "Prague, Czech Republic"),
        ("Europe", "Edinburgh, United Kingdom"),
        ("Munich", "München"),
        ("Zurich", "Zürich, Switzerland"),
        ("Sao Paulo", "São Paulo, Brasil"),
        ("Latin America", "São Paulo, Brasil"),
        ("China", "上海"),
        ("Tokyo", "東京都"),
        ("Asia", "Singapore / remote APAC"),
        ("Springfield", "Springfield, IL"),
        ("Porto Alegre", "Porto Alegre, RS"),
    ],
)
def test_place_pattern_matches_locations_inside_the_place(place: str, location: str) -> None:
    assert place_pattern(place).search(fold(location)), (place, location)


@pytest.mark.parametrize(
    ("place", "location"),
    [
        ("Berlin", "Berlingen"),
        ("Berlin", "Remote"),
        ("Austin", "Austintown, OH"),
        ("Europe", "United States"),
        ("Europe", "Remote, United States"),
        ("Europe", "Dubai, United Arab Emirates"),
        ("Europe", "Santo Domingo, Dominican Republic"),
        ("Europe", "Remote (US/Canada)"),
        ("United States", "Toronto, Canada"),
        ("United States", "Business Analyst"),
        ("New York", "Remote"),
        ("India", "Indianapolis, Indiana"),
    ],
)
def test_place_pattern_does_not_match_other_places(place: str, location: str) -> None:
    assert not place_pattern(place).search(fold(location)), (place, location)


@pytest.mark.parametrize("place", ["C++ City", "St. Louis (MO)", "a|b", "[Remote]", "Zürich*"])
def test_free_text_place_is_escaped_not_read_as_a_regex(place: str) -> None:
    pattern = place_pattern(place)
    assert pattern.search(fold(f"Office: {place}, downtown"))
    assert not pattern.search("remote")


def test_free_text_place_is_folded() -> None:
    assert place_pattern("Łódź").search(fold("ŁÓDŹ, Poland"))
    assert place_pattern("Kraków").search(fold("krakow"))


def test_place_pattern_is_cached() -> None:
    assert place_pattern("Berlin") is place_pattern("Berlin")


def test_public_names_are_declared() -> None:
    assert set(places.__all__) == {"PLACES", "canonical_place", "place_pattern"}
