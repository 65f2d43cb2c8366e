"""Small builders for test data. Sentences are built from explicit text, so
offsets are exact without depending on the segmenter."""

import hashlib
import itertools

from django.utils.text import slugify

from claims import services
from claims.models import Actor, ActorAlias, Event, Place, PlaceAlias, Sentence, Source

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
