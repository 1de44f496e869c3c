"""Places a question can name, with the spellings a posting's location may use.

A small gazetteer beats guessing: "NYC", "New York" and "Nueva York" are one place, "SF" is San
Francisco, and "Europe" covers the European countries and cities. Matching is on folded text
(see `index.text.fold`) at word boundaries, so "Berlin" never matches "Berlingen".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from index.text import fold

__all__ = ["PLACES", "canonical_place", "place_pattern"]

_EUROPE_CITIES = (
    "berlin", "munich", "munchen", "hamburg", "frankfurt", "cologne", "amsterdam", "rotterdam",
    "lisbon", "lisboa", "porto", "madrid", "barcelona", "paris", "lyon", "london", "manchester",
    "edinburgh", "dublin", "stockholm", "copenhagen", "oslo", "helsinki", "warsaw", "krakow",
    "prague", "vienna", "wien", "zurich", "geneva", "brussels", "milan", "rome", "athens",
    "budapest", "bucharest", "tallinn", "riga", "vilnius", "kyiv",
)  # fmt: skip
# Multi-word names stay whole: a lone "united" or "republic" would put the United States and the
# Dominican Republic in Europe.
_EUROPE_COUNTRIES = (
    "germany", "deutschland", "netherlands", "portugal", "spain", "france", "uk",
    "united kingdom", "england", "scotland", "ireland", "sweden", "denmark", "norway", "finland",
    "poland", "czechia", "czech republic", "austria", "switzerland", "belgium", "italy", "greece",
    "hungary", "romania", "estonia", "latvia", "lithuania", "ukraine", "europe", "eu", "emea",
    "cet",
)  # fmt: skip

# canonical name → spellings found in locations (folded). Multi-word spellings are phrases.
PLACES: Mapping[str, tuple[str, ...]] = {
    "New York": ("new york", "nyc", "ny", "manhattan", "brooklyn", "nueva york"),
    "San Francisco": ("san francisco", "sf", "bay area", "sfo", "silicon valley"),
    "Los Angeles": ("los angeles", "la"),
    "Seattle": ("seattle",),
    "Austin": ("austin",),
    "Boston": ("boston",),
    "Chicago": ("chicago",),
    "Denver": ("denver",),
    "Toronto": ("toronto",),
    "Vancouver": ("vancouver",),
    "Montreal": ("montreal",),
    "Mexico City": ("mexico city", "cdmx", "ciudad de mexico"),
    "Sao Paulo": ("sao paulo",),
    "Buenos Aires": ("buenos aires",),
    "Bogota": ("bogota",),
    "Santiago": ("santiago",),
    "Lima": ("lima",),
    "Berlin": ("berlin",),
    "Munich": ("munich", "munchen", "muenchen"),
    "Hamburg": ("hamburg",),
    "Amsterdam": ("amsterdam",),
    "Lisbon": ("lisbon", "lisboa"),
    "Madrid": ("madrid",),
    "Barcelona": ("barcelona",),
    "Paris": ("paris",),
    "London": ("london",),
    "Manchester": ("manchester",),
    "Edinburgh": ("edinburgh",),
    "Dublin": ("dublin",),
    "Stockholm": ("stockholm",),
    "Copenhagen": ("copenhagen",),
    "Warsaw": ("warsaw", "warszawa"),
    "Prague": ("prague", "praha"),
    "Vienna": ("vienna", "wien"),
    "Zurich": ("zurich",),
    "Tel Aviv": ("tel aviv",),
    "Dubai": ("dubai",),
    "Istanbul": ("istanbul",),
    "Cairo": ("cairo",),
    "Nairobi": ("nairobi",),
    "Lagos": ("lagos",),
    "Accra": ("accra",),
    "Kigali": ("kigali",),
    "Cape Town": ("cape town",),
    "Bangalore": ("bangalore", "bengaluru"),
    "Hyderabad": ("hyderabad",),
    "Singapore": ("singapore",),
    "Jakarta": ("jakarta",),
    "Manila": ("manila",),
    "Hong Kong": ("hong kong",),
    "Shanghai": ("shanghai", "上海"),
    "Beijing": ("beijing", "北京"),
    "Shenzhen": ("shenzhen", "深圳"),
    "Tokyo": ("tokyo", "東京", "东京"),
    "Osaka": ("osaka",),
    "Seoul": ("seoul",),
    "Sydney": ("sydney",),
    "Melbourne": ("melbourne",),
    "Auckland": ("auckland",),
    "United States": (
        "united states", "usa", "us", "u.s", "america", "new york", "nyc", "san francisco",
        "sf", "bay area", "seattle", "austin", "boston", "chicago", "denver", "los angeles",
        "california", "texas", "washington", "massachusetts", "colorado", "illinois",
    ),
    "Canada": ("canada", "toronto", "vancouver", "montreal", "ottawa", "calgary"),
    "United Kingdom": (
        "united kingdom", "uk", "england", "scotland", "london", "manchester", "edinburgh",
    ),
    "Germany": ("germany", "deutschland", "berlin", "munich", "munchen", "hamburg", "frankfurt"),
    "Netherlands": ("netherlands", "amsterdam", "rotterdam"),
    "Spain": ("spain", "madrid", "barcelona"),
    "France": ("france", "paris", "lyon"),
    "Portugal": ("portugal", "lisbon", "lisboa", "porto"),
    "India": ("india", "bangalore", "bengaluru", "hyderabad", "pune", "mumbai", "delhi"),
    "China": ("china", "shanghai", "beijing", "shenzhen", "中国", "上海", "北京", "深圳"),
    "Japan": ("japan", "tokyo", "osaka"),
    "Australia": ("australia", "sydney", "melbourne"),
    "Brazil": ("brazil", "brasil", "sao paulo"),
    "Mexico": ("mexico", "cdmx"),
    "Europe": tuple(dict.fromkeys((*_EUROPE_COUNTRIES, *_EUROPE_CITIES))),
    "Asia": (
        "asia", "apac", "singapore", "tokyo", "osaka", "seoul", "hong kong", "shanghai",
        "beijing", "india", "bangalore", "hyderabad", "jakarta", "manila", "japan", "china",
    ),
    "Africa": (
        "africa", "nairobi", "lagos", "accra", "kigali", "cape town", "cairo", "kenya",
        "nigeria", "ghana", "rwanda", "south africa", "egypt",
    ),
    "Latin America": (
        "latin america", "latam", "mexico", "brazil", "brasil", "argentina", "colombia", "chile",
        "peru", "sao paulo", "buenos aires", "bogota", "santiago", "lima",
    ),
}  # fmt: skip

# What a user may type for a place → canonical name (folded keys).
_ALIASES: dict[str, str] = {}
for _name, _spellings in PLACES.items():
    _ALIASES.setdefault(fold(_name), _name)
_ALIASES.update(
    {
        "nyc": "New York", "ny": "New York", "sf": "San Francisco", "bay area": "San Francisco",
        "la": "Los Angeles", "usa": "United States", "us": "United States",
        "u.s": "United States", "america": "United States", "uk": "United Kingdom",
        "england": "United Kingdom", "eu": "Europe", "emea": "Europe", "apac": "Asia",
        "latam": "Latin America", "munchen": "Munich", "lisboa": "Lisbon",
        "bengaluru": "Bangalore", "cdmx": "Mexico City", "brasil": "Brazil",
        "deutschland": "Germany", "wien": "Vienna", "praha": "Prague",
    }
)  # fmt: skip
MAX_PLACE_WORDS = 3
# First words of the multi-word names ("new" of "new york"): the query parser looks for a longer
# place only at one of these, so most words cost a single look-up.
MULTI_WORD_STARTS = frozenset(name.split(" ")[0] for name in _ALIASES if " " in name)


def canonical_place(words: str) -> str | None:
    """The place a user's words name ("nyc" → "New York"), or None when not a known place."""
    return _ALIASES.get(fold(words).strip(" .,"))


def folded_place(folded: str) -> str | None:
    """`canonical_place` of words already folded (the parser folds each word once)."""
    return _ALIASES.get(folded.strip(" .,"))


@lru_cache(maxsize=512)
def place_pattern(place: str) -> re.Pattern[str]:
    """A regex matching a folded location string that lies in `place` (known or free text)."""
    spellings = PLACES.get(place) or (fold(place),)
    alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    # Word boundaries that also work next to CJK characters and punctuation.
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")
