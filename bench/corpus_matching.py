"""Planted pairs for measuring claim matching (bench_matching, docs/matching.md).

With `generate_corpus --matching-pairs`, some claims are reported again by
another article: a new last paragraph of that article says the same thing in
other words (a paraphrase) or the opposite (a negation, or another figure
for the same quantity), and an editor made a claim of it with the original's
actors, places and events. The pairs are planned after everything else from
their own random generator, so the rest of the corpus is the same row for
row as without them; without the option nothing is planted (the default
corpus, its digest and its counts do not change).

`planted_pairs(plan)` gives each pair as (original key, planted key, stance),
a key being (source slug, anchor start, anchor end): bench_matching plans
the corpus again (no database access) and finds the claims by their anchors.
"""

import hashlib
import random
import re
from decimal import Decimal

from claims.anchoring import text_quote_selector
from claims.models import Anchor, Claim, Quantity, Sentence

# Word for word replacements a second reporter might choose.
SYNONYMS = [
    ("Fighters from", "Militants of"),
    ("entered", "moved into"),
    ("after", "following"),
    ("street fighting", "urban combat"),
    ("was reopened to civilian traffic", "opened again to civilians"),
    ("Aircraft from", "Warplanes of"),
    ("struck positions held by", "bombed positions of"),
    ("withdrew from", "pulled out of"),
    ("under cover of darkness", "during the night"),
    ("Heavy shelling was reported", "Intense shelling was seen"),
    ("reached", "arrived in"),
    ("lies", "is located"),
    ("took control of", "seized"),
    ("cutting", "severing"),
    ("Negotiations between", "Talks between"),
    ("took place in", "were held in"),
    ("deployed", "sent"),
    ("the area around", "the surroundings of"),
    ("announced", "declared"),
    ("Local residents said", "People living there reported that"),
    ("had set up", "had put up"),
    ("involved", "included"),
]
FRAMES = ["{}, according to local sources.", "{}, officials said.", "Reports said {}."]
DENIALS = ["Officials denied that {}.", "It is not true that {}.", "{}, a claim the army denied."]


def plant_pairs(plan, articles, *, seed, count):
    """Plan `count` pairs (fewer if the corpus is small); returns them as planted_pairs does."""
    rng = random.Random(f"matching-pairs-{seed}")
    claims = [c for c in plan.tables.get("claims", ()) if hasattr(c, "source")]
    sources = [s for s in articles.sources if s.is_published]
    links = _links(plan)
    quantities = _quantities(plan)
    anchors = _first_anchors(plan)
    pairs, touched = [], set()
    for claim in rng.sample(claims, min(count, len(claims))):
        original = anchors[id(claim)]
        quote = original.exact.rstrip(".")
        if len(quote) < 30:
            continue
        other = rng.choice(sources)
        if other is claim.source:
            continue
        stance = "opposite" if rng.random() < 0.3 else "same"
        own = quantities.get(id(claim), [])
        changed = []
        if stance == "same":
            sentence_text = _paraphrase(quote, rng)
        elif own and rng.random() < 0.6:
            sentence_text, changed = _other_figure(quote, own, rng)
        else:
            sentence_text = rng.choice(DENIALS).format(_lower_first(quote))
        sentence_text = sentence_text[:1].upper() + sentence_text[1:]
        sentence = _append_paragraph(plan, other, sentence_text)
        touched.add(id(other))
        planted = plan.add(
            "claims", Claim(statement=sentence_text, kind=claim.kind, attributed_to=None)
        )
        plan.editor(planted, "created_by")
        planted.source = other
        anchor = plan.add(
            "anchors",
            Anchor(claim=planted, sentence=sentence, source=other, start=0, end=0, exact=""),
        )
        _select(anchor, other.text, sentence.start, sentence.end)
        for label, field, target in links.get(id(claim), ()):
            plan.add(label, getattr(Claim, field).through(claim=planted, **{field[:-1]: target}))
        for row in changed or own:
            plan.add(
                "quantities",
                Quantity(
                    claim=planted,
                    text=row.text,
                    value=row.value,
                    value_max=row.value_max,
                    unit=row.unit,
                    qualifier=row.qualifier,
                ),
            )
        pairs.append((claim, planted, stance))
    # A paragraph added at the end of an article changes the suffix of the quotes before it.
    for anchor in plan.tables.get("anchors", ()):
        if id(anchor.source) in touched:
            _select(anchor, anchor.source.text, anchor.start, anchor.end)
    plan.matching_pairs = pairs
    return planted_pairs(plan)


def planted_pairs(plan):
    """[(original key, planted key, stance)]; a key is (source slug, start, end) of the anchor."""
    anchors = _first_anchors(plan)

    def key(claim):
        anchor = anchors[id(claim)]
        return (anchor.source.slug, anchor.start, anchor.end)

    return [(key(a), key(b), stance) for a, b, stance in getattr(plan, "matching_pairs", [])]


def _first_anchors(plan):
    found = {}
    for anchor in plan.tables.get("anchors", ()):
        found.setdefault(id(anchor.claim), anchor)
    return found


def _links(plan):
    found = {}
    for label, field in (
        ("claim_actors", "actors"),
        ("claim_places", "places"),
        ("claim_events", "events"),
    ):
        for row in plan.tables.get(label, ()):
            found.setdefault(id(row.claim), []).append((label, field, getattr(row, field[:-1])))
    return found


def _quantities(plan):
    found = {}
    for row in plan.tables.get("quantities", ()):
        found.setdefault(id(row.claim), []).append(row)
    return found


def _paraphrase(quote, rng):
    text = quote
    for before, after in SYNONYMS:
        if before in text and rng.random() < 0.8:
            text = text.replace(before, after, 1)
    if text == quote or rng.random() < 0.5:
        frame = rng.choice(FRAMES)
        text = frame.format(_lower_first(text) if frame.startswith("Reports") else text)
    elif not text.endswith("."):
        text += "."
    return text


def _other_figure(quote, quantities, rng):
    """The quote with its first figure multiplied; the quantities with it."""
    row = quantities[0]
    factor = rng.choice([2, 3, 4])
    figure = f"{int(row.value):,}"
    if figure not in quote:
        return rng.choice(DENIALS).format(_lower_first(quote)), []
    new_value = row.value * factor
    text = quote.replace(figure, f"{int(new_value):,}", 1) + "."
    changed = Quantity(
        text=row.text.replace(figure, f"{int(new_value):,}", 1),
        value=Decimal(new_value),
        value_max=None if row.value_max is None else max(row.value_max * factor, new_value),
        unit=row.unit,
        qualifier=row.qualifier,
    )
    return text, [changed]


def _lower_first(text):
    return text if re.match(r"^[A-Z]{2}", text) else text[:1].lower() + text[1:]


def _append_paragraph(plan, source, sentence_text):
    """A new last paragraph of one sentence; the article's text and hash follow."""
    last = source.sentences_[-1]
    start = len(source.text) + 2
    source.text = source.text + "\n\n" + sentence_text
    source.content_sha256 = hashlib.sha256(source.text.encode()).hexdigest()
    sentence = plan.add(
        "sentences",
        Sentence(
            source=source,
            index=last.index + 1,
            paragraph=last.paragraph + 1,
            start=start,
            end=start + len(sentence_text),
            text=sentence_text,
            kind="body",
        ),
    )
    source.sentences_.append(sentence)
    return sentence


def _select(anchor, text, start, end):
    quote = text_quote_selector(text, start, end)
    anchor.start, anchor.end, anchor.exact = quote.start, quote.end, quote.exact
    anchor.prefix, anchor.suffix = quote.prefix, quote.suffix
