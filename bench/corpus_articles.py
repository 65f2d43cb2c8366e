"""The articles of the corpus: text built from templates with exact offsets,
sentences, mentions, and claims with anchors, quantities and assessment history."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from claims.anchoring import text_quote_selector
from claims.models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    ClaimRelation,
    Contributor,
    Evidence,
    EvidenceStatus,
    Mention,
    Quantity,
    Sentence,
    Source,
)

from . import corpus_words as words
from .corpus_plan import unique as _unique
from .corpus_world import person_name


@dataclass
class _Slot:
    """A filled placeholder: what it refers to and where it sits in the text."""

    kind: str  # actor, place, candidate, quantity, event
    start: int
    end: int
    target: object = None
    quantity: dict | None = None
    name: str = ""


class Articles:
    """Sources with their sentences and mentions, then the claims made in them."""

    def __init__(self, plan, scale, world, marker):
        self.plan = plan
        self.rng = plan.rng
        self.scale = scale
        self.world = world
        self.marker = marker
        self.relation_keys = set()
        self.plan_sources()
        self.plan_claims()

    def plan_sources(self):
        n = self.scale.sources
        lengths = [self.rng.randint(30, 72) for _ in range(n)]
        deficit = self.scale.sentences - sum(lengths)
        for i in range(max(0, deficit)):
            lengths[i % n] += 1
        self.sources = []
        self.claimable = []  # (source, sentence, template, slots, values)
        contents = set()
        for index, length in enumerate(lengths):
            source = self.plan_source(index, length)
            while source.content_sha256 in contents:  # never in practice; keep the key unique
                source.text += " "
                source.content_sha256 = hashlib.sha256(source.text.encode()).hexdigest()
            contents.add(source.content_sha256)
            self.sources.append(source)

    def plan_source(self, index, length):
        rng = self.rng
        events = [rng.choice(self.world.events)]
        if rng.random() < 0.5:
            events.append(rng.choice(self.world.events))
        primary = events[0]
        if primary.date_latest:
            published = primary.date_latest + datetime.timedelta(days=rng.randint(1, 60))
        else:
            published = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 2550))
        cast = _Cast(
            places=list(primary.places_) + rng.sample(self.world.text_places, rng.randint(2, 5)),
            organisations=[a for a in primary.cast if a.kind != Actor.Kind.PERSON]
            + rng.sample(self.world.organisations, rng.randint(3, 6)),
            persons=[a for a in primary.cast if a.kind == Actor.Kind.PERSON]
            + rng.sample(self.world.persons, min(len(self.world.persons), rng.randint(2, 4))),
            events=events,
            published=published,
        )
        publisher, domain = rng.choice(words.PUBLISHERS)
        title_text, _ = self.render(rng.choice(words.TITLES), cast)
        title = title_text[:1].upper() + title_text[1:]
        slug = self.plan.slug("source", f"{title} {published.year}")

        paragraphs = []
        count = 0
        while count < length:
            if paragraphs and rng.random() < 0.12 and length - count > 3:
                heading, slots = self.render(rng.choice(words.HEADINGS), cast)
                paragraphs.append([(heading, slots, None, "heading")])
                count += 1
                continue
            size = min(length - count, rng.randint(2, 6))
            paragraph = []
            for _ in range(size):
                if rng.random() < 0.78:
                    template = rng.choice(words.SENTENCES)
                    text, slots = self.render(template[1], cast)
                    paragraph.append((text, slots, template, "body"))
                else:
                    text, slots = self.render(rng.choice(words.FILLERS), cast)
                    paragraph.append((text, slots, None, "body"))
            paragraphs.append(paragraph)
            count += size

        # Lay the text out as published: sentences joined by a space,
        # paragraphs by a blank line; offsets are known exactly.
        text, laid_out = "", []
        for p_number, paragraph in enumerate(paragraphs, start=1):
            if text:
                text += "\n\n"
            for position, (sentence_text, slots, template, kind) in enumerate(paragraph):
                if position:
                    text += " "
                laid_out.append((p_number, len(text), sentence_text, slots, template, kind))
                text += sentence_text

        source = self.plan.add(
            "sources",
            Source(
                slug=slug,
                title=title[:500],
                url=f"https://{domain}/{published:%Y/%m}/{slug}",
                publisher=publisher,
                published_on=published,
                date_precision="day",
                language="en",
                text=text,
                raw_filename=self.marker,
                raw_content_type="text/plain",
                content_sha256=hashlib.sha256(text.encode()).hexdigest(),
                is_published=rng.random() < 0.97,
            ),
        )
        source.cast = cast
        source.domain = domain
        authors = [person_name(self.rng) for _ in range(1 if rng.random() < 0.8 else 2)]
        for position, name in enumerate(dict.fromkeys(authors), start=1):
            self.plan.add(
                "contributors",
                Contributor(source=source, name=name, role="author", position=position),
            )
        if rng.random() < 0.15:
            self.plan.add(
                "contributors",
                Contributor(
                    source=source, name=person_name(self.rng), role="translator", position=9
                ),
            )
        source.sentences_ = []
        for s_index, (p_number, start, sentence_text, slots, template, kind) in enumerate(
            laid_out, start=1
        ):
            sentence = self.plan.add(
                "sentences",
                Sentence(
                    source=source,
                    index=s_index,
                    paragraph=p_number,
                    start=start,
                    end=start + len(sentence_text),
                    text=sentence_text,
                    kind=kind,
                ),
            )
            source.sentences_.append(sentence)
            for slot in slots:
                slot.start += start
                slot.end += start
            self.plan_mentions(source, sentence, slots)
            if template is not None:
                self.claimable.append((source, sentence, template, slots))
        return source

    def render(self, template, cast):
        """Fill a template; returns the text and the slots (offsets within it)."""
        parts, slots, chosen = [], [], {}
        length = 0
        for piece in re.split(r"(\{\w+\})", template):
            if not (piece.startswith("{") and piece.endswith("}")):
                parts.append(piece)
                length += len(piece)
                continue
            name = piece[1:-1]
            for prefix, text, slot in self.fill(name, cast, chosen):
                parts.append(prefix)
                length += len(prefix)
                if slot is not None:
                    slot.start, slot.end = length, length + len(text)
                    slot.name = slot.name or name
                    slots.append(slot)
                parts.append(text)
                length += len(text)
        text = "".join(parts)
        text = text[:1].upper() + text[1:]
        if text.endswith(",."):  # a person's role closing the sentence
            text = text[:-2] + "."
        for slot in slots:
            if slot.kind == "quantity":
                slot.quantity["text"] = text[slot.start : slot.end]
        return text, slots

    def fill(self, name, cast, chosen):
        """[(text before, surface, slot or None)] for one placeholder."""
        rng = self.rng
        if name in ("place", "place2"):
            if rng.random() < 0.02 and self.world.unused_cities:
                city = rng.choice(self.world.unused_cities)
                return [("", city["name"], _Slot("candidate", 0, 0, target=city))]
            place = self.pick(cast.places, self.world.text_places, chosen, name)
            return [("", self.surface(place), _Slot("place", 0, 0, target=place))]
        if name == "country":
            place = rng.choice(list(self.world.countries.values()))
            return [("", place.name, _Slot("place", 0, 0, target=place))]
        if name in ("org", "org2", "group", "state", "coalition"):
            pool = {
                "group": self.world.fighting,
                "state": self.world.states,
                "coalition": self.world.coalitions,
            }.get(name, self.world.organisations)
            ids = self.world.pool_ids.get(name)
            local = [a for a in cast.organisations if ids is None or id(a) in ids]
            actor = self.pick(local, pool, chosen, name)
            return self.actor_phrase(actor)
        if name == "person":
            person = self.pick(cast.persons, self.world.persons, chosen, name)
            if id(person) in cast.introduced:
                return [("", rng.choice(person.surfaces[1:]), self.slot(person))]
            cast.introduced.add(id(person))
            role = person.role.split("{org}")[0]
            org_phrase = self.actor_phrase(person.role_org)
            org_phrase[0][2].name = "role"
            return (
                [("", person.name, self.slot(person)), (", " + role, "", None)]
                + org_phrase
                + [(",", "", None)]
            )
        if name == "event":
            event = rng.choice(cast.events)
            title = event.title
            if title.split(" ", 1)[0] in _COMMON_TITLE_WORDS:
                title = title[:1].lower() + title[1:]  # "the siege of Homs"
            article = "" if title.startswith("Operation") else "the "
            return [(article, title, _Slot("event", 0, 0, target=event))]
        if name == "date":
            return [("", self.date_phrase(cast.published), None)]
        if name == "days":
            return [("", rng.choice(words.NUMBER_WORDS), None)]
        if name == "direction":
            return [("", rng.choice(words.DIRECTIONS), None)]
        if name == "month":
            return [("", rng.choice(words.MONTHS), None)]
        if name == "season":
            return [
                ("", rng.choice(["spring", "summer", "autumn", "winter", "end of the year"]), None)
            ]
        if name == "year":
            return [("", str(rng.randint(2011, 2016)), None)]
        if name.startswith("q_"):
            text, quantity = self.quantity(name)
            return [("", text, _Slot("quantity", 0, 0, quantity=quantity))]
        raise KeyError(f"unknown template slot {name}")

    def pick(self, local, pool, chosen, name):
        """Mostly the article's own cast, sometimes anyone; rarely the same one twice."""
        taken = [id(x) for x in chosen.values()]
        candidates = local if local and self.rng.random() < 0.8 else pool
        for _ in range(8):
            value = self.rng.choice(candidates)
            if id(value) not in taken:
                break
            candidates = pool
        chosen[name] = value
        return value

    def slot(self, actor):
        return _Slot("actor", 0, 0, target=actor)

    def surface(self, entity):
        """Mostly the name, sometimes an alias: what alias matching has to find."""
        if len(entity.surfaces) > 1 and self.rng.random() < 0.3:
            return self.rng.choice(entity.surfaces[1:])
        return entity.surfaces[0]

    def actor_phrase(self, actor):
        surface = self.surface(actor)
        article = ""
        if (
            surface.endswith(" government")
            or surface.startswith("United ")
            or (
                actor.kind not in (Actor.Kind.STATE, Actor.Kind.PERSON)
                and surface not in _NO_ARTICLE
                and not surface.startswith("Sons of")
            )
        ):
            article = "the "
        return [(article, surface, self.slot(actor))]

    def date_phrase(self, published):
        rng = self.rng
        day = published - datetime.timedelta(days=rng.randint(1, 40))
        roll = rng.random()
        if roll < 0.7:
            return f"on {day.day} {words.MONTHS[day.month - 1]} {day.year}"
        if roll < 0.85:
            part = "early" if day.day <= 10 else "mid" if day.day <= 20 else "late"
            return f"in {part} {words.MONTHS[day.month - 1]}"
        return rng.choice(["last week", "on Tuesday", "overnight", "at the weekend"])

    def quantity(self, name):
        rng = self.rng
        if name == "q_money":
            value = Decimal(rng.choice([5, 12, 40, 75, 120, 250, 600, 1500])) * 1_000_000
            currency, symbol = rng.choice([("USD", "$"), ("USD", "$"), ("EUR", "€")])
            qualifier = rng.choice(["exact", "about", "over", "up_to"])
            lead = {"exact": "", "about": "about ", "over": "more than ", "up_to": "up to "}
            amount = value / 1_000_000
            text = (
                f"{lead[qualifier]}{symbol}{amount / 1000:g} billion"
                if amount >= 1000
                else f"{lead[qualifier]}{symbol}{amount:g} million"
            )
            return text, {"value": value, "unit": currency, "qualifier": qualifier}
        unit, wording, low, high = words.QUANTITY_UNITS[name]
        value = _round_figure(rng.randint(low, high), rng)
        qualifier = self.plan.weighted(
            [
                ("exact", 40),
                ("about", 20),
                ("at_least", 10),
                ("over", 10),
                ("up_to", 8),
                ("under", 5),
                ("range", 7),
            ]
        )
        suffix = f" {wording}" if wording else ""
        value_max = None
        if qualifier == "range":
            value_max = _round_figure(value + rng.randint(1, max(2, value // 2)), rng)
            if value_max <= value:  # rounding can fall below the lower end
                value_max = value + max(1, value // 10)
            text = f"between {value:,} and {value_max:,}{suffix}"
        else:
            lead = {
                "exact": [""],
                "about": ["about ", "around ", "roughly ", "some "],
                "at_least": ["at least "],
                "over": ["more than ", "over "],
                "up_to": ["up to "],
                "under": ["fewer than " if unit != "km" else "less than "],
            }[qualifier]
            text = f"{rng.choice(lead)}{value:,}{suffix}"
        return text, {
            "value": Decimal(value),
            "value_max": Decimal(value_max) if value_max is not None else None,
            "unit": unit,
            "qualifier": qualifier,
        }

    def plan_mentions(self, source, sentence, slots):
        rng = self.rng
        reviewed_at = timezone.make_aware(
            datetime.datetime.combine(source.published_on, datetime.time(9))
            + datetime.timedelta(days=rng.randint(1, 90), minutes=rng.randint(0, 600))
        )
        for slot in slots:
            if slot.kind == "candidate":
                city = slot.target
                self.plan.add(
                    "mentions",
                    Mention(
                        sentence=sentence,
                        start=slot.start,
                        end=slot.end,
                        surface=source.text[slot.start : slot.end],
                        status=Mention.Status.SUGGESTED,
                        origin=Mention.Origin.GAZETTEER,
                        candidate={
                            "name": city["name"],
                            "geonames_id": city["geonameid"],
                            "latitude": city["latitude"],
                            "longitude": city["longitude"],
                            "country_code": city["countrycode"],
                        },
                    ),
                )
                continue
            if slot.kind not in ("actor", "place"):
                continue
            status = self.plan.weighted([("confirmed", 55), ("suggested", 40), ("rejected", 5)])
            if status == "confirmed":
                origin = self.plan.weighted([("alias", 7), ("manual", 3)])
            elif slot.kind == "place":
                origin = self.plan.weighted([("alias", 1), ("gazetteer", 1)])
            else:
                origin = "alias"
            mention = self.plan.add(
                "mentions",
                Mention(
                    sentence=sentence,
                    start=slot.start,
                    end=slot.end,
                    surface=source.text[slot.start : slot.end],
                    actor=slot.target if slot.kind == "actor" else None,
                    place=slot.target if slot.kind == "place" else None,
                    status=status,
                    origin=origin,
                    reviewed_at=reviewed_at if status != "suggested" else None,
                ),
            )
            if status != "suggested":
                self.plan.editor(mention, "reviewed_by")

    # -- claims ----------------------------------------------------------

    def plan_claims(self):
        rng = self.rng
        count = min(self.scale.claims, len(self.claimable))
        picked = sorted(rng.sample(range(len(self.claimable)), count))
        by_source = {}
        self.anchors = []
        for position in picked:
            source, sentence, template, slots = self.claimable[position]
            claim = self.plan_claim(source, sentence, template, slots)
            by_source.setdefault(id(source), []).append(claim)
        # A few claims are reported by a second article too.
        claims = [c for group in by_source.values() for c in group]
        for claim in rng.sample(claims, len(claims) // 30):
            other = rng.choice(self.sources)
            if other is claim.source:
                continue
            sentence = rng.choice([s for s in other.sentences_ if s.kind == "body"])
            self.anchor(claim, other, sentence, sentence.start, sentence.end)
        for claim in claims:
            self.plan_history(claim)
        for group in by_source.values():
            for _ in range(len(group) // 5):
                a, b = rng.sample(group, 2)
                kind = self.plan.weighted([("supports", 3), ("elaborates", 2), ("contradicts", 1)])
                key = (id(a), id(b), kind)
                if key in self.relation_keys:
                    continue
                self.relation_keys.add(key)
                self.plan.add("claim_relations", ClaimRelation(from_claim=a, to_claim=b, kind=kind))

    def plan_claim(self, source, sentence, template, slots):
        rng = self.rng
        kind, _, paraphrase = template
        text = source.text
        start, end = sentence.start, sentence.end
        if rng.random() < 0.35:
            comma = text.find(", ", start + 20, end - 10)
            quantities = [s for s in slots if s.kind == "quantity"]
            if comma != -1:
                end = comma
            elif quantities:
                start, end = quantities[0].start, end - 1
        quantities = [s for s in slots if s.kind == "quantity" and start <= s.start < s.end <= end]
        if kind == "quantitative" and not quantities:
            kind = "factual"
        actors = _unique(s.target for s in slots if s.kind == "actor")
        places = _unique(s.target for s in slots if s.kind == "place")
        events = _unique(s.target for s in slots if s.kind == "event")
        if rng.random() < 0.4:
            events = _unique(events + [source.cast.events[0]])
        attributed = None
        if kind == "attribution":
            speakers = [a for a in actors if a.kind == Actor.Kind.PERSON] or actors
            attributed = speakers[0] if speakers else None
        quote = text_quote_selector(text, start, end)
        statement = quote.exact
        if paraphrase and rng.random() < 0.25:
            statement = self.paraphrase(paraphrase, slots) or statement
        claim = self.plan.add(
            "claims",
            Claim(statement=statement.strip(), kind=kind, attributed_to=attributed),
        )
        self.plan.editor(claim, "created_by")
        claim.source = source
        claim.actor_names = [a.name for a in actors] or ["an unnamed source"]
        self.anchor(claim, source, sentence, start, end)
        for actor in actors:
            self.plan.add("claim_actors", Claim.actors.through(claim=claim, actor=actor))
        for place in places:
            self.plan.add("claim_places", Claim.places.through(claim=claim, place=place))
        for event in events:
            self.plan.add("claim_events", Claim.events.through(claim=claim, event=event))
        for slot in quantities:
            self.plan.add("quantities", Quantity(claim=claim, **slot.quantity))
        return claim

    def paraphrase(self, pattern, slots):
        """An editor's short wording, naming each entity by its canonical name."""
        fill = {}
        for slot in slots:
            if slot.kind in ("actor", "place", "event"):
                fill.setdefault(slot.name, getattr(slot.target, "name", None) or slot.target.title)
        try:
            text = pattern.format(**fill)
        except KeyError:  # a slot filled by a gazetteer candidate: keep the quote
            return None
        return text[:1].upper() + text[1:]

    def anchor(self, claim, source, sentence, start, end):
        quote = text_quote_selector(source.text, start, end)
        anchor = self.plan.add(
            "anchors",
            Anchor(
                claim=claim,
                sentence=sentence,
                source=source,
                start=quote.start,
                end=quote.end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
            ),
        )
        self.anchors.append(anchor)
        return anchor

    def plan_history(self, claim):
        """Assessments in order, as claim_assess appends them; the last sets the status."""
        rng = self.rng
        if rng.random() < 0.4:
            return
        if claim.kind in ("opinion", "prediction") and rng.random() < 0.7:
            final = EvidenceStatus.NOT_CHECKABLE
        else:
            final = self.plan.weighted(
                [
                    (EvidenceStatus.SUPPORTED, 30),
                    (EvidenceStatus.PARTLY_SUPPORTED, 17),
                    (EvidenceStatus.UNVERIFIED, 17),
                    (EvidenceStatus.DISPUTED, 13),
                    (EvidenceStatus.REFUTED, 12),
                    (EvidenceStatus.NOT_CHECKABLE, 3),
                ]
            )
        steps = self.plan.weighted([(1, 70), (2, 22), (3, 8)])
        history = [
            rng.choice(
                [EvidenceStatus.UNVERIFIED, EvidenceStatus.DISPUTED, EvidenceStatus.SUPPORTED]
            )
            for _ in range(steps - 1)
        ] + [final]
        publisher = rng.choice(words.PUBLISHERS)[0]
        for status in history:
            assessment = self.plan.add(
                "assessments",
                Assessment(
                    claim=claim,
                    status=status,
                    rationale=rng.choice(words.RATIONALES[status]).format(
                        org=rng.choice(self.world.organisations).name, publisher=publisher
                    ),
                ),
            )
            self.plan.editor(assessment, "editor")
        claim.status = final
        claim.version = 1 + len(history)
        stances = {
            EvidenceStatus.SUPPORTED: ["supports"],
            EvidenceStatus.PARTLY_SUPPORTED: ["supports", "context"],
            EvidenceStatus.DISPUTED: ["supports", "contradicts"],
            EvidenceStatus.REFUTED: ["contradicts"],
        }.get(final, [])
        for stance in stances:
            self.plan_evidence(claim, stance)

    def plan_evidence(self, claim, stance):
        rng = self.rng
        published = claim.source.published_on + datetime.timedelta(days=rng.randint(-20, 40))
        if rng.random() < 0.15 and len(self.anchors) > 1:
            cited = rng.choice(self.anchors)
            if cited.source is not claim.source:
                evidence = self.plan.add(
                    "evidence",
                    Evidence(
                        claim=claim,
                        stance=stance,
                        anchor=cited,
                        title=cited.source.title,
                        publisher=cited.source.publisher,
                        published_on=cited.source.published_on,
                    ),
                )
                self.plan.editor(evidence, "added_by")
                return
        publisher, domain = rng.choice(words.PUBLISHERS)
        place = rng.choice(self.world.settlements).name
        month = words.MONTHS[published.month - 1]
        title = rng.choice(
            [
                f"Satellite images of {place}, {month} {published.year}",
                f"{claim.actor_names[0]} statement on {place}",
                f"Report: {place} after the fighting",
                f"Casualty count for {place}",
                f"Monitoring update {published:%d %B %Y}",
            ]
        )
        evidence = self.plan.add(
            "evidence",
            Evidence(
                claim=claim,
                stance=stance,
                url=f"https://{domain}/{published:%Y/%m}/{slugify(title)[:80]}",
                title=title,
                publisher=publisher,
                published_on=published,
                note=rng.choice(["", "", "Archived copy kept by the editor.", "Paywalled."]),
            ),
        )
        self.plan.editor(evidence, "added_by")


@dataclass
class _Cast:
    """Who and where an article is about; most template slots draw from it."""

    places: list
    organisations: list
    persons: list
    events: list
    published: datetime.date

    introduced: set = field(default_factory=set)


def _round_figure(value, rng):
    """Reported figures are often round: keep two significant digits half the time."""
    if value >= 100 and rng.random() < 0.5:
        magnitude = 10 ** (len(str(value)) - 2)
        return max(magnitude, round(value / magnitude) * magnitude)
    return value


_NO_ARTICLE = {"NATO", "UNHCR", "OCHA"}
_COMMON_TITLE_WORDS = {
    "Battle",
    "Siege",
    "Offensive",
    "Encirclement",
    "Fighting",
    "Truce",
    "Deployment",
    "Aid",
    "Arms",
    "Talks",
    "Mass",
}
