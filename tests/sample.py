"""A small, realistic corpus for browser tests: one article with a heading,
overlapping and adjacent claims of several statuses, confirmed mentions,
entities with parents, events, evidence and related claims."""

import datetime
from types import SimpleNamespace

from claims import services
from claims.models import ClaimRelation, Contributor, EventActor, Evidence, Mention
from tests.factories import make_actor, make_claim, make_event, make_place, make_source

PARAGRAPHS = [
    [
        "The Turkish military offensive (1,300 troops, 50 tanks, 15 APC), supported by "
        "2,000 Islamic rebels from the FSA, to capture Al-Bab, began in September 2016.",
        "The town of Al-Bab is located 40 km northeast of Aleppo.",
        "From November 2016 until January 2017, over 5,000 Islamic State fighters rebuffed "
        "all attempts to surround Al-Bab.",
    ],
    ["Deir ez-Zor"],
    [
        "The SDF group consists largely of Kurdish YPG fighters.",
        "Even if this group is large (10,000 fighters), it is poorly armed and trained.",
    ],
]


def build_sample(editor=None):
    source = make_source(
        PARAGRAPHS,
        title="Evidence of cooperation around Al-Bab",
        publisher="Example Review",
        url="https://example.org/al-bab",
        published_on=datetime.date(2017, 2, 15),
    )
    Contributor.objects.create(source=source, name="Valentin Vasilescu", role="author")
    Contributor.objects.create(source=source, name="Alice Decker", role="translator", position=2)
    source.sentences.filter(index=4).update(kind="heading")
    s = {sentence.index: sentence for sentence in source.sentences.all()}

    turkey = make_actor("Turkey", kind="state", description="Republic of Turkey.")
    isis = make_actor("Islamic State", kind="armed_group", aliases=["IS", "ISIS"])
    sdf = make_actor("Syrian Democratic Forces", kind="armed_group", aliases=["SDF"])
    ypg = make_actor("YPG", kind="armed_group", parent=sdf)
    aleppo_gov = make_place("Aleppo governorate", kind="region")
    al_bab = make_place(
        "Al-Bab", parent=aleppo_gov, latitude=36.37, longitude=37.52, geo_precision="exact"
    )
    aleppo = make_place("Aleppo", parent=aleppo_gov, latitude=36.2, longitude=37.16)

    offensive = make_event(
        "Turkish offensive on Al-Bab",
        kind="offensive",
        date_text="began in September 2016",
        date_earliest=datetime.date(2016, 9, 1),
        date_latest=datetime.date(2016, 9, 30),
        date_precision="month",
    )
    offensive.places.add(al_bab)
    EventActor.objects.create(event=offensive, actor=turkey, role="initiator")
    EventActor.objects.create(event=offensive, actor=isis, role="target")

    troops = make_claim(
        s[1],
        "1,300 troops, 50 tanks, 15 APC",
        kind="quantitative",
        statement="The Turkish offensive used 1,300 troops, 50 tanks and 15 APCs.",
        actors=[turkey],
        events=[offensive],
        quantities=[{"text": "1,300 troops", "value": 1300, "unit": "troops"}],
    )
    began = make_claim(s[1], "began in September 2016", events=[offensive], places=[al_bab])
    location = make_claim(s[2], places=[al_bab, aleppo])
    fighters = make_claim(s[3], actors=[isis], places=[al_bab])
    inner = make_claim(s[3], "over 5,000 Islamic State fighters", kind="quantitative")
    sdf_claim = make_claim(s[5], actors=[sdf, ypg])
    armed = make_claim(s[6], "it is poorly armed and trained", kind="opinion", actors=[sdf])

    if editor is not None:
        services.claim_assess(
            claim=location,
            status="supported",
            rationale="Maps agree: about 40 km northeast.",
            editor=editor,
            evidence=[{"url": "https://example.org/map", "title": "Map of northern Aleppo"}],
        )
        services.claim_assess(
            claim=fighters, status="disputed", rationale="Estimates differ widely.", editor=editor
        )
        services.claim_assess(
            claim=armed, status="not_checkable", rationale="A judgement.", editor=editor
        )
        Evidence.objects.create(
            claim=fighters, stance="contradicts", title="Monitor's estimate", note="About 3,000."
        )
    ClaimRelation.objects.create(from_claim=inner, to_claim=fighters, kind="elaborates")
    ClaimRelation.objects.create(from_claim=troops, to_claim=began, kind="supports")

    def mention(sentence, surface, **entity):
        start = source.text.index(surface, sentence.start)
        Mention.objects.create(
            sentence=sentence,
            start=start,
            end=start + len(surface),
            surface=surface,
            status="confirmed",
            **entity,
        )

    mention(s[1], "Al-Bab", place=al_bab)
    mention(s[2], "Al-Bab", place=al_bab)
    mention(s[2], "Aleppo", place=aleppo)
    mention(s[3], "Islamic State", actor=isis)
    mention(s[5], "SDF", actor=sdf)
    mention(s[5], "YPG", actor=ypg)

    return SimpleNamespace(
        source=source,
        sentences=s,
        claims=SimpleNamespace(
            troops=troops,
            began=began,
            location=location,
            fighters=fighters,
            inner=inner,
            sdf=sdf_claim,
            armed=armed,
        ),
        actors=SimpleNamespace(turkey=turkey, isis=isis, sdf=sdf, ypg=ypg),
        places=SimpleNamespace(al_bab=al_bab, aleppo=aleppo, aleppo_gov=aleppo_gov),
        events=SimpleNamespace(offensive=offensive),
    )
