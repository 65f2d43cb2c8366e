import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import EventActor, Mention
from tests.factories import make_actor, make_claim, make_event, make_place, make_source
from tests.html import text

pytestmark = pytest.mark.django_db


def _mention(sentence, surface, **entity):
    start = sentence.source.text.index(surface, sentence.start)
    return Mention.objects.create(
        sentence=sentence,
        start=start,
        end=start + len(surface),
        surface=surface,
        status="confirmed",
        **entity,
    )


def test_it_shows_an_actor_with_aliases_parent_children_claims_mentions_and_events(client, source):
    sdf = make_actor(
        "Syrian Democratic Forces",
        kind="armed_group",
        aliases=["SDF"],
        description="A Kurdish-led alliance.",
    )
    ypg = make_actor("YPG", kind="armed_group", parent=sdf)
    sentence = source.sentences.get(index=3)
    claim = make_claim(sentence)
    claim.actors.add(sdf)
    _mention(sentence, "fighters", actor=sdf)
    event = make_event("Raqqa offensive", date_text="November 2016")
    EventActor.objects.create(event=event, actor=sdf, role="initiator")

    html = client.get(sdf.get_absolute_url()).content.decode()

    assert "<h1>Syrian Democratic Forces</h1>" in html
    assert "A Kurdish-led alliance." in html and "SDF" in html
    assert f'href="{ypg.get_absolute_url()}"' in html
    assert f'href="{claim.get_absolute_url()}"' in html
    assert '<mark class="mention-mark">fighters</mark>' in html
    assert f'href="{source.get_absolute_url()}#s-3"' in html
    assert f'href="{event.get_absolute_url()}"' in html and "(initiator)" in html
    assert f'href="{sdf.get_absolute_url()}"' in client.get(ypg.get_absolute_url()).content.decode()


def test_it_shows_a_place_with_its_events_and_mentions(client, source):
    aleppo = make_place("Aleppo governorate", kind="region")
    al_bab = make_place(
        "Al-Bab", parent=aleppo, latitude=36.37, longitude=37.52, geo_precision="exact"
    )
    _mention(source.sentences.get(index=1), "Al-Bab", place=al_bab)
    event = make_event("Battle of Al-Bab")
    event.places.add(al_bab)

    html = client.get(al_bab.get_absolute_url()).content.decode()

    assert f'href="{aleppo.get_absolute_url()}"' in html
    assert '<mark class="mention-mark">Al-Bab</mark>' in html
    assert f'href="{event.get_absolute_url()}"' in html
    assert "36.3700, 37.5200" in html


def test_it_shows_an_event_with_dates_actors_places_and_claims(client, source):
    event = make_event(
        "Siege of Al-Bab", kind="siege", date_text="from November 2016", date_precision="month"
    )
    turkey = make_actor("Turkey", kind="state")
    EventActor.objects.create(event=event, actor=turkey, role="initiator")
    place = make_place()
    event.places.add(place)
    claim = make_claim(source.sentences.get(index=2))
    claim.events.add(event)

    html = " ".join(client.get(event.get_absolute_url()).content.decode().split())

    assert "“from November 2016”" in html
    assert "<dd>month</dd>" in html
    assert (
        f'<a href="{turkey.get_absolute_url()}">Turkey</a> <span class="role">(initiator)</span>'
        in html
    )
    assert f'href="{place.get_absolute_url()}"' in html
    assert f'href="{claim.get_absolute_url()}"' in html


def test_it_hides_what_comes_only_from_unpublished_sources(client):
    actor = make_actor()
    hidden = make_source(is_published=False)
    sentence = hidden.sentences.first()
    make_claim(sentence).actors.add(actor)
    _mention(sentence, "Al-Bab", actor=actor)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert hidden.get_absolute_url() not in html
    assert "No published claims" in html
    index = " ".join(text(client.get("/actors/").content.decode()).split())
    assert "0 claims, 0 mentions" in index


@pytest.mark.parametrize("prefix", ["actors", "places", "events"])
def test_it_answers_404_for_an_unknown_slug(client, prefix):
    assert client.get(f"/{prefix}/nobody-here/").status_code == 404


def test_it_groups_index_pages_by_kind_with_counts(client, source):
    make_actor("Turkey", kind="state")
    make_actor("Russia", kind="state")
    ypg = make_actor("YPG", kind="armed_group")
    make_claim(source.sentences.first(), actors=[ypg])

    html = " ".join(text(client.get("/actors/").content.decode()).split())

    assert "State (2)" in html and "Armed group (1)" in html
    assert "YPG 1 claim, 0 mentions" in html
    # kinds in vocabulary order (people, states, armed groups ...), names A-Z inside
    assert html.index("State (2) Russia") < html.index("Turkey") < html.index("Armed group (1) YPG")


@pytest.mark.parametrize("kind", ["actor", "place", "event"])
def test_it_uses_a_fixed_number_of_queries(client, kind, django_assert_max_num_queries):
    maker = {"actor": make_actor, "place": make_place, "event": make_event}[kind]
    entity = maker("Subject")

    def grow(n):
        for i in range(n):
            source = make_source()
            for sentence in source.sentences.all():
                claim = make_claim(sentence)
                getattr(claim, f"{kind}s").add(entity)
                if kind != "event":
                    _mention(sentence, sentence.text.split()[0], **{kind: entity})
                    maker(f"Child {i}", parent=entity)
                    event = make_event(f"Event {i}")
                    if kind == "actor":
                        EventActor.objects.create(event=event, actor=entity)
                    else:
                        event.places.add(entity)
                else:
                    EventActor.objects.create(event=entity, actor=make_actor(f"A{i}{sentence.pk}"))
                    entity.places.add(make_place(f"P{i}{sentence.pk}"))
                    maker(f"Child {i}{sentence.pk}", parent=entity)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(1)
    before = (count(entity.get_absolute_url()), count(f"/{kind}s/"))
    grow(4)
    assert (count(entity.get_absolute_url()), count(f"/{kind}s/")) == before
    with django_assert_max_num_queries(9):
        client.get(entity.get_absolute_url())


def test_it_escapes_entity_names_and_descriptions(client):
    actor = make_actor("<script>x()</script>", description="<b>bold</b>")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def test_it_caps_long_lists_and_says_how_many_there_are(client, monkeypatch):
    monkeypatch.setattr("claims.selectors.ENTITY_LIST_LIMIT", 2)
    place = make_place()
    source = make_source()
    for sentence in source.sentences.all():
        make_claim(sentence).places.add(place)
        _mention(sentence, sentence.text.split()[0], place=place)

    html = " ".join(text(client.get(place.get_absolute_url()).content.decode()).split())

    assert "Claims about Al-Bab (3)" in html
    assert "Showing the first 2. All 3 in the claim browser" in html
    assert "Mentions in context (3)" in html and "Showing the first 2 of 3." in html
    raw = client.get(place.get_absolute_url()).content.decode()
    assert f'href="/claims/?place={place.slug}"' in raw
