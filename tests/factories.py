"""Small builders for test data. Sentences are built from explicit text, so
offsets are exact without depending on the segmenter."""

import hashlib
import itertools

from django.utils.text import slugify

from claims import services
from claims.models import Actor, ActorAlias, Anchor, Event, Place, PlaceAlias, Sentence, Source

_counter = itertools.count(1)


def make_source(paragraphs=None, *, title=None, **fields):
    """A Source whose text is the paragraphs (lists of sentences) joined as published:
    sentences by one space, paragraphs by a blank line."""
    paragraphs = paragraphs or [
        ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
        ["Over 5,000 fighters defended it."],
    ]
    n = next(_counter)
    title = title or f"Test article {n}"
    text, spans = "", []
    for p_index, sentences in enumerate(paragraphs, start=1):
        if text:
            text += "\n\n"
        for s_index, sentence in enumerate(sentences):
            if s_index:
                text += " "
            spans.append((p_index, len(text), len(text) + len(sentence), sentence))
            text += sentence
    source = Source.objects.create(
        slug=fields.pop("slug", f"{slugify(title)[:100]}-{n}"),
        title=title,
        text=text,
        content_sha256=hashlib.sha256(text.encode() + str(n).encode()).hexdigest(),
        **fields,
    )
    Sentence.objects.bulk_create(
        Sentence(source=source, index=i, paragraph=p, start=s, end=e, text=t)
        for i, (p, s, e, t) in enumerate(spans, start=1)
    )
    return source


def make_claim(sentence, quote=None, **fields):
    """A claim anchored to `quote` (a substring of the sentence; default the whole sentence)."""
    if quote is None:
        return services.claim_create(sentence=sentence, **fields)
    start = sentence.source.text.index(quote, sentence.start)
    return services.claim_create(sentence=sentence, start=start, end=start + len(quote), **fields)


def add_anchor(claim, sentence, quote=None):
    """Another anchor for `claim` on `quote` (default the whole sentence), written
    as a row is, around the services: nothing else is worked out."""
    start = sentence.start if quote is None else sentence.source.text.index(quote, sentence.start)
    end = sentence.end if quote is None else start + len(quote)
    return Anchor.objects.create(
        claim=claim,
        sentence=sentence,
        source=sentence.source,
        start=start,
        end=end,
        exact=sentence.source.text[start:end],
    )


def make_actor(name="Islamic State", *, aliases=(), **fields):
    fields.setdefault("slug", f"{slugify(name)[:100]}-{next(_counter)}")
    actor = Actor.objects.create(name=name, **fields)
    ActorAlias.objects.bulk_create(ActorAlias(actor=actor, name=alias) for alias in aliases)
    return actor


def make_place(name="Al-Bab", *, aliases=(), **fields):
    fields.setdefault("slug", f"{slugify(name)[:100]}-{next(_counter)}")
    place = Place.objects.create(name=name, **fields)
    PlaceAlias.objects.bulk_create(PlaceAlias(place=place, name=alias) for alias in aliases)
    return place


def make_event(title="Battle of Al-Bab", **fields):
    fields.setdefault("slug", f"{slugify(title)[:100]}-{next(_counter)}")
    return Event.objects.create(title=title, **fields)


def make_mention(sentence, surface, *, actor=None, place=None, **fields):
    """A mention of `surface` (its first occurrence in the sentence), suggested by default."""
    from claims.models import Mention

    start = sentence.source.text.index(surface, sentence.start)
    return Mention.objects.create(
        sentence=sentence,
        start=start,
        end=start + len(surface),
        surface=surface,
        actor=actor,
        place=place,
        **fields,
    )


def make_corpus(*, editor=None):
    """Two published sources and one unpublished, with claims that use every
    related table: entities, quantities, assessment history, evidence (a
    link, another claim's passage, a sentence of another source), relations,
    events with actors and places."""
    from claims.models import ClaimRelation, EventActor

    isis = make_actor("Islamic State", kind="armed_group", aliases=["ISIS", "IS"])
    turkey = make_actor("Turkey", kind="state")
    fsa = make_actor("Free Syrian Army", kind="armed_group", parent=turkey)
    al_bab = make_place(
        "Al-Bab", latitude=36.37, longitude=37.5167, geo_precision="exact", country_code="SY"
    )
    aleppo = make_place(
        "Aleppo", kind="region", latitude=36.2, longitude=37.16, geo_precision="centroid"
    )
    nowhere = make_place("Unlocated hills", kind="area")
    battle = make_event(
        "Battle of al-Bab",
        kind="battle",
        date_earliest="2016-11-06",
        date_latest="2017-02-23",
        date_precision="day",
        date_text="November 2016 to February 2017",
        description="Turkish-backed offensive on the town.",
    )
    battle.places.set([al_bab, aleppo, nowhere])
    EventActor.objects.create(event=battle, actor=turkey, role="initiator")
    EventActor.objects.create(event=battle, actor=isis, role="target")
    EventActor.objects.create(event=battle, actor=fsa, role="supporter")
    talks = make_event("Astana talks", kind="agreement", date_precision="month")

    first = make_source(
        [
            ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
            ["=SUM(A1) Over 5,000 fighters defended it, said Turkey."],
        ],
        title="Siege of Al-Bab",
        url="https://example.org/al-bab",
        publisher="Example News",
        published_on="2017-01-15",
    )
    second = make_source(
        [["ISIS fighters left Al-Bab in February 2017.", "Turkey said so."]],
        title="After the battle",
    )
    hidden = make_source([["An unpublished draft sentence."]], is_published=False)

    s1, s2, s3 = first.sentences.order_by("index")
    located = make_claim(
        s1, "40 km northeast of Aleppo", kind="quantitative", places=[al_bab, aleppo]
    )
    besieged = make_claim(s2, events=[battle], actors=[isis], places=[al_bab])
    fighters = make_claim(
        s3,
        "Over 5,000 fighters defended it",
        kind="quantitative",
        attributed_to=turkey,
        actors=[isis],
        events=[battle],
        quantities=[
            {"text": "Over 5,000 fighters", "value": 5000, "unit": "fighters", "qualifier": "over"}
        ],
    )
    left = make_claim(second.sentences.get(index=1), actors=[isis], events=[battle])
    draft = make_claim(hidden.sentences.get())

    services.claim_assess(
        claim=besieged, status="unverified", rationale="Nothing found yet.", editor=editor
    )
    services.claim_assess(
        claim=besieged,
        status="supported",
        rationale="Widely reported.",
        editor=editor,
        evidence=[{"stance": "supports", "url": "https://example.org/report", "title": "Report"}],
    )
    services.claim_assess(
        claim=fighters,
        status="disputed",
        rationale="Estimates differ.",
        editor=editor,
        evidence=[{"stance": "context", "anchor": left.anchors.get(), "note": "Later account."}],
    )
    services.claim_assess(
        claim=left,
        status="not_checkable",
        rationale="Vague.",
        editor=editor,
        evidence=[{"stance": "context", "sentence": s2}],
    )
    ClaimRelation.objects.create(from_claim=left, to_claim=besieged, kind="elaborates")
    return {
        "sources": [first, second, hidden],
        "claims": [located, besieged, fighters, left, draft],
        "actors": [isis, turkey, fsa],
        "places": [al_bab, aleppo, nowhere],
        "events": [battle, talks],
    }


def make_claim_suggestion(sentence, quote=None, **fields):
    """An open suggested claim on `quote` (default the whole sentence), written as a row."""
    from claims.models import ClaimSuggestion

    text = sentence.source.text
    start = sentence.start if quote is None else text.index(quote, sentence.start)
    end = sentence.end if quote is None else start + len(quote)
    fields.setdefault("reason", "a statement of fact (no other cue)")
    fields.setdefault("start", start)
    fields.setdefault("end", end)
    fields.setdefault("exact", text[fields["start"] : fields["end"]])
    suggestion = ClaimSuggestion.objects.create(source=sentence.source, sentence=sentence, **fields)
    return suggestion
