"""Re-anchoring speed: loading a corrected version of an article with its claims.

`run()` returns a dict; `manage.py bench_reanchor` prints it (figures in
docs/revisions.md and docs/benchmarks.md). Two articles:

- the seed article with one claim per sentence, corrected as the tests
  correct it (a figure changed, a typo fixed, a sentence inserted, a
  paragraph removed, a quote reworded);
- a generated article of about 1 MB (random sentences from the seed's words,
  so that a quote of several words is found once) with 1,000 anchors,
  corrected at random but the same way on every run: a word changed in 2% of
  the sentences, a sentence inserted in 1% of the paragraphs, 0.5% of the
  paragraphs removed.

Each run stores the new version with claims.services_revisions.source_revise
inside a transaction that is rolled back, so the database is left as it was;
`place` is the time spent placing the quotes (claims.revisions, no database),
`total` the whole service. Each figure is the median of the runs.
"""

import random
import re
import statistics
import time

from django.db import transaction
from django.utils.text import slugify

from claims import revisions
from claims.anchoring import text_quote_selector
from claims.ingest.extract import extract
from claims.ingest.pipeline import prepare_article
from claims.models import Anchor, Claim
from claims.services import article_import
from claims.services_revisions import source_revise

from .import_bench import SEED_ARTICLE, _database, _machine

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+")


class _Rollback(Exception):
    pass


def seed_article():
    text = extract(SEED_ARTICLE.read_bytes(), filename=SEED_ARTICLE.name).text
    start, end = text.index("In late December 2016"), text.index("The SDF group")
    new = (text[:start] + text[end:]).replace("1,300 troops", "1,500 troops")
    new = new.replace("no deal has not been", "no deal has been")
    new = new.replace(
        "The town of Al-Bab is located",
        "Ankara announced the operation on state television. The town of Al-Bab is located",
    )
    new = new.replace(
        "Russian and Syrian aviation provided air support to the Turkish military",
        "Warplanes flew from distant bases over the front for weeks",
    )
    return text, new


def generated_article(size=1_000_000, seed=1):
    """(old paragraphs, new paragraphs): lists of lists of sentences, about `size` characters."""
    rng = random.Random(seed)
    vocabulary = sorted(set(_WORD.findall(SEED_ARTICLE.read_text())))
    paragraphs, length = [], 0
    while length < size:
        paragraph = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(12, 28))]
            if rng.random() < 0.3:
                words.insert(
                    rng.randrange(len(words)), f"{rng.randint(2, 9)},{rng.randint(100, 999)}"
                )
            sentence = " ".join(words)
            paragraph.append(sentence[0].upper() + sentence[1:] + ".")
        paragraphs.append(paragraph)
        length += sum(len(s) + 1 for s in paragraph) + 1
    corrected = []
    for paragraph in paragraphs:
        roll = rng.random()
        if roll < 0.005:
            continue  # removed
        paragraph = list(paragraph)
        if roll < 0.015:
            paragraph.insert(0, "A sentence added in the corrected version of this report.")
        for i, sentence in enumerate(paragraph):
            if rng.random() < 0.02:
                words = sentence.split(" ")
                j = rng.randrange(len(words))
                words[j] = rng.choice(vocabulary)
                paragraph[i] = " ".join(words)
        corrected.append(paragraph)
    return paragraphs, corrected


def _join(paragraphs):
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _claims_on(source, count, rng):
    """`count` claims, each on a run of 5 to 15 words of a random sentence."""
    sentences = list(source.sentences.filter(kind="body").order_by("index"))
    chosen = [
        sentences[i % len(sentences)]
        for i in rng.sample(range(len(sentences)), min(count, len(sentences)))
    ]
    while len(chosen) < count:
        chosen.append(rng.choice(sentences))
    claims = Claim.objects.bulk_create(
        Claim(statement=f"Benchmark claim {n}", is_published=True) for n in range(len(chosen))
    )
    anchors, taken = [], set()
    for claim, sentence in zip(claims, chosen, strict=True):
        words = [m.span() for m in re.finditer(r"\S+", sentence.text)]
        length = min(len(words), rng.randint(5, 15))
        first = rng.randrange(len(words) - length + 1)
        start = sentence.start + words[first][0]
        end = sentence.start + words[first + length - 1][1]
        if (claim.pk, start, end) in taken:
            continue
        taken.add((claim.pk, start, end))
        quote = text_quote_selector(source.text, start, end)
        anchors.append(
            Anchor(
                claim=claim,
                sentence=sentence,
                source=source,
                start=start,
                end=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
            )
        )
    Anchor.objects.bulk_create(anchors)
    return len(anchors)


def _place_all(source, new_text):
    """The placing alone, as source_revise does it, without the database."""
    position = revisions.PositionMap(source.text, new_text)
    for anchor in Anchor.objects.filter(source=source).only("exact", "prefix", "suffix", "start"):
        revisions.place_quote(
            new_text,
            exact=anchor.exact,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            expected=position(anchor.start),
        )


def _measure(name, old_text, new_text, anchors, repeat):
    rng = random.Random(2)
    old = prepare_article(old_text.encode(), filename=f"{slugify(name)}.txt")
    new = prepare_article(new_text.encode(), filename=f"{slugify(name)}-corrected.txt")
    places, totals, report = [], [], None
    for _ in range(repeat):
        try:
            with transaction.atomic():
                source, _ = article_import(prepared=old)
                made = _claims_on(source, anchors, rng)
                started = time.perf_counter()
                _place_all(source, new.text)
                places.append(time.perf_counter() - started)
                started = time.perf_counter()
                report = source_revise(source=source, prepared=new)
                totals.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    return {
        "characters": len(old.text),
        "sentences": len(old.sentences),
        "anchors": made,
        "runs": repeat,
        "place_seconds": round(statistics.median(places), 4),
        "total_seconds": round(statistics.median(totals), 4),
        "states": dict(sorted(report.anchors.items())),
        "mentions_kept": report.mentions_kept,
        "mentions_dropped": report.mentions_dropped,
    }


def run(*, repeat=5, large_repeat=3, size=1_000_000, anchors=1000):
    old, new = seed_article()
    seed = _measure("seed", old, new, 100, repeat)
    paragraphs, corrected = generated_article(size)
    large = _measure("generated", _join(paragraphs), _join(corrected), anchors, large_repeat)
    return {
        "machine": _machine(),
        "database": _database(),
        "inputs": {"seed": seed, "generated": large},
    }
