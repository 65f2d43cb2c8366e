"""The published claims counted per actor, place, event and source
(claim_count, claims.services_counts): after every kind of write the stored
counts are the grouped truth, and the pages that read them show the new
number at once."""

import functools
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.corpus import corpus_generate, parse_scale
from claims import filters, services
from claims.ingest.pipeline import prepare_article
from claims.models import Actor, Claim, Event, Place, Source
from claims.services_counts import entity_counts_check, entity_counts_refresh
from claims.services_revisions import source_revise
from tests.factories import (
    make_actor,
    make_claim,
    make_claim_suggestion,
    make_corpus,
    make_event,
    make_place,
    make_source,
)
from tests.pagetext import visible_text
from tests.test_publication import post_back

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


def assert_counts_true():
    assert entity_counts_check() == {Actor: [], Place: [], Event: [], Source: []}


def count_of(entity):
    return type(entity).objects.values_list("claim_count", flat=True).get(pk=entity.pk)


def facet(client, name, query=""):
    """{label: count} of an entity facet of the claim browser."""
    response = client.get(reverse("claim-list") + query)
    return {
        entry["option"].label: entry["option"].count for entry in response.context["facets"][name]
    }


@pytest.fixture
def world(source):
    turkey, russia = make_actor("Turkey", kind="state"), make_actor("Russia", kind="state")
    al_bab, battle = make_place("Al-Bab"), make_event("Battle of Al-Bab")
    first, second = source.sentences.all()[:2]
    claim = make_claim(first, actors=[turkey], places=[al_bab], events=[battle])
    make_claim(second, actors=[turkey, russia])
    return {"turkey": turkey, "russia": russia, "al_bab": al_bab, "battle": battle, "claim": claim}


def test_a_new_claim_counts_at_once_on_the_browser_and_the_index_pages(client, world, source):
    assert_counts_true()
    assert facet(client, "actor") == {"Turkey": 2, "Russia": 1}
    assert "Turkey 2 claims" in visible_text(client.get("/actors/").content.decode())
    make_claim(source.sentences.all()[2], actors=[world["russia"]])
    assert_counts_true()
    assert facet(client, "actor") == {"Turkey": 2, "Russia": 2}
    assert facet(client, "source") == {source.title: 3}
    assert "Russia 2 claims" in visible_text(client.get("/actors/").content.decode())


def test_editing_a_claims_links_moves_its_count(client, world, editor):
    services.claim_update(
        claim=world["claim"], editor=editor, actors=[world["russia"]], places=[], events=[]
    )
    assert_counts_true()
    assert (count_of(world["turkey"]), count_of(world["russia"])) == (1, 2)
    assert count_of(world["al_bab"]) == count_of(world["battle"]) == 0
    assert facet(client, "actor") == {"Russia": 2, "Turkey": 1}
    assert facet(client, "place") == {}
    events = client.get("/timeline/events.json").json()["events"]
    assert all(event["claims"] == 0 for event in events)


def test_an_edit_costs_the_same_queries_however_many_claims_the_actor_has(world, editor, source):
    def link_cost(actor):
        claim = make_claim(source.sentences.last())
        with CaptureQueriesContext(connection) as captured:
            services.claim_update(claim=claim, editor=editor, actors=[actor])
        return len(captured)

    few = link_cost(world["russia"])
    for _ in range(5):
        make_claim(source.sentences.first(), actors=[world["russia"]])
    assert link_cost(world["russia"]) == few
    assert_counts_true()


def test_deleting_a_claim_or_an_entity_in_the_admin(client, admin_client, world):
    delete = reverse("admin:claims_claim_delete", args=[world["claim"].pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert_counts_true()
    assert facet(client, "actor") == {"Turkey": 1, "Russia": 1}
    assert count_of(world["al_bab"]) == 0
    delete = reverse("admin:claims_actor_delete", args=[world["russia"].pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert_counts_true()
    assert facet(client, "actor") == {"Turkey": 1}


def test_unpublishing_and_publishing_a_source_in_the_admin(client, admin_client, world, source):
    change = reverse("admin:claims_source_change", args=[source.pk])
    assert admin_client.post(change, post_back(admin_client.get(change), is_published=False))
    assert_counts_true()
    assert count_of(world["turkey"]) == count_of(source) == 0
    assert "Turkey 0 claims" in visible_text(client.get("/actors/").content.decode())
    assert admin_client.post(change, post_back(admin_client.get(change), is_published=True))
    assert_counts_true()
    assert count_of(world["turkey"]) == 2 and count_of(source) == 2
    assert facet(client, "actor") == {"Turkey": 2, "Russia": 1}


def test_relinking_a_claim_and_moving_its_quote_in_the_admin(client, admin_client, world):
    claim = world["claim"]
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    form = post_back(admin_client.get(change), actors=[world["russia"].pk], places=[])
    response = admin_client.post(change, form)
    assert response.status_code == 302, response.context["errors"]
    assert_counts_true()
    assert facet(client, "actor") == {"Russia": 2, "Turkey": 1}
    assert count_of(world["al_bab"]) == 0
    hidden = make_source([["A draft sentence."]], is_published=False)
    anchor = claim.anchors.get()
    change = reverse("admin:claims_anchor_change", args=[anchor.pk])
    form = post_back(admin_client.get(change), sentence=hidden.sentences.get().pk)
    form.update(start=hidden.sentences.get().start, end=hidden.sentences.get().end)
    assert admin_client.post(change, form).status_code == 302
    claim.refresh_from_db()
    assert not claim.is_published
    assert_counts_true()
    assert facet(client, "actor") == {"Russia": 1, "Turkey": 1}


def test_an_entity_saved_in_the_admin_keeps_the_count_it_has_now(world):
    stale = Actor.objects.get(pk=world["russia"].pk)  # the form was opened ...
    make_claim(world["claim"].anchors.get().sentence, actors=[world["russia"]])  # ... then this
    stale.description = "A state."
    services.record_save(instance=stale)
    assert count_of(world["russia"]) == 2
    assert_counts_true()


def test_accepting_a_suggestion_counts_its_claim(client, source, editor):
    sentence = source.sentences.first()
    isis = make_actor("Islamic State")
    claim = services.claim_suggestion_accept(
        suggestion=make_claim_suggestion(sentence), editor=editor, actors=[isis], places=[]
    )
    assert claim.is_published
    assert_counts_true()
    assert facet(client, "actor") == {"Islamic State": 1}


def test_the_bulk_path_and_the_import_leave_every_count_right(client, editor):
    services.content_load(write=functools.partial(call_command, "loaddata", SEED, verbosity=0))
    assert_counts_true()
    assert facet(client, "actor")["Islamic State"] == 39
    revised = Source.objects.get()
    start, end = revised.text.index("In late December 2016"), revised.text.index("The SDF group")
    text = revised.text[:start] + revised.text[end:]
    source_revise(source=revised, prepared=prepare_article(text.encode(), filename="seed.txt"))
    assert_counts_true()  # orphaned anchors stay in their source: the claims stay published
    make_corpus(editor=editor)
    assert_counts_true()


@pytest.mark.parametrize("build", ["corpus", "generated"])
def test_the_stored_facets_are_the_grouped_ones(build, editor):
    if build == "corpus":
        make_corpus(editor=editor)
    else:
        corpus_generate(scale=parse_scale("small"), seed=1)
    assert_counts_true()
    unfiltered = filters.ClaimFilter({})
    grouped = filters._entity_facet_rows(unfiltered, list(filters.ENTITY_FACETS))
    assert filters._stored_entity_facets(unfiltered.queryset.db) == grouped
    assert any(grouped.values())


def test_the_command_finds_and_mends_a_count_written_around_the_services(world, capsys):
    call_command("facet_counts", "--check")
    Actor.objects.filter(pk=world["turkey"].pk).update(claim_count=7)
    with pytest.raises(Exception, match="1 stored claim counts are wrong"):
        call_command("facet_counts")
    assert "stored 7, 2 claims" in capsys.readouterr().out
    call_command("facet_counts", "--rebuild")
    assert count_of(world["turkey"]) == 2
    assert_counts_true()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_editors_linking_claims_to_one_actor_at_once_both_count(editor):
    source = make_source()
    actor = make_actor("Turkey")
    first, second = (make_claim(s) for s in source.sentences.all()[:2])
    first_linked, second_started = threading.Event(), threading.Event()
    errors = []

    def link(claim, before_commit=None):
        try:
            with transaction.atomic():
                services.claim_update(claim=claim, editor=editor, actors=[actor])
                if before_commit:
                    before_commit()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    def hold_until_the_second_waits():
        first_linked.set()
        second_started.wait(5)
        threading.Event().wait(0.5)  # the second is now waiting on the actor's row

    one = threading.Thread(target=link, args=(first, hold_until_the_second_waits))
    one.start()
    first_linked.wait(5)
    two = threading.Thread(target=link, args=(second,))
    two.start()
    second_started.set()
    one.join(10)
    two.join(10)
    assert not errors
    assert count_of(actor) == 2
    assert_counts_true()


def test_refreshing_every_count_at_once(world):
    Actor.objects.update(claim_count=0)
    Source.objects.update(claim_count=0)
    entity_counts_refresh()
    assert_counts_true()
    assert Claim.objects.published().count() == count_of(world["claim"].anchors.get().source)
