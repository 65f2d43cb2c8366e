"""Every model's admin works for a superuser: changelist, add page, change page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from claims import services
from claims.models import (
    Assessment,
    ClaimEdit,
    ClaimRelation,
    Contributor,
    EventActor,
    Evidence,
    Mention,
    Quantity,
    Source,
)
from tests.factories import (
    make_actor,
    make_claim,
    make_claim_suggestion,
    make_event,
    make_place,
    make_source,
)

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "claims"]


@pytest.fixture
def populated(source, superuser):
    """One row of every model, so change pages have something to show."""
    sentence = source.sentences.get(index=1)
    claim = make_claim(sentence, "Al-Bab", kind="factual")
    other = make_claim(sentence, "40 km northeast of Aleppo", kind="quantitative")
    actor = make_actor(aliases=["IS"])
    place = make_place(aliases=["al-Bab"], latitude=36.37, longitude=37.52)
    event = make_event()
    EventActor.objects.create(event=event, actor=actor, role="target")
    Contributor.objects.create(source=source, name="Valentin Vasilescu")
    Mention.objects.create(
        sentence=sentence, start=12, end=18, surface="Al-Bab", place=place, status="confirmed"
    )
    Quantity.objects.create(claim=other, text="40 km", value=40, unit="km")
    Evidence.objects.create(claim=claim, stance="context", title="A named report")
    cited = make_source([["Elsewhere, Al-Bab was taken."]], title="Elsewhere").sentences.get()
    services.evidence_add(claim=claim, sentence=cited, stance="supports")
    ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="elaborates")
    services.claim_assess(claim=claim, status="supported", rationale="Checked.", editor=superuser)
    services.claim_record_edit(
        claim=claim, editor=superuser, changes={"kind": {"from": "opinion", "to": "factual"}}
    )
    make_claim_suggestion(sentence, "Al-Bab")
    assert Assessment.objects.exists() and ClaimEdit.objects.exists()


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_claims_model_is_registered():
    names = {model.__name__ for model in MODELS}
    assert {"Source", "Sentence", "Actor", "Place", "Mention", "Event", "Claim", "Anchor"} <= names
    assert {"Quantity", "Assessment", "Evidence", "ClaimRelation", "ClaimEdit"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_the_changelist_and_searches_it(admin_client, populated, model):
    response = admin_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 0


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_the_change_page(admin_client, populated, model):
    obj = model.objects.first()
    assert obj is not None, f"no {model.__name__} row to show"
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_the_add_page_where_adding_is_allowed(admin_client, model):
    # Source's add page leads to Sources > Load article (tests/test_admin_import.py).
    response = admin_client.get(admin_url(model, "add"), follow=True)
    read_only = {"Assessment", "ClaimEdit", "ClaimSuggestion"}
    assert response.status_code == (403 if model.__name__ in read_only else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_do_not_query_per_row(
    admin_client, populated, model, django_assert_max_num_queries
):
    url = admin_url(model, "changelist")
    admin_client.get(url)  # warm caches (content types, session)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


def test_it_refuses_to_delete_a_source_cited_as_evidence(admin_client, populated):
    cited = Source.objects.get(title="Elsewhere")
    page = admin_client.post(admin_url(Source, "delete", cited.pk), {"post": "yes"})
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.content.decode()
    bulk = admin_client.post(
        admin_url(Source, "changelist"),
        {"action": "delete_selected", "_selected_action": [cited.pk], "post": "yes"},
    )
    assert "protected related objects" in bulk.content.decode()
    assert Source.objects.filter(pk=cited.pk).exists()
    assert Evidence.objects.get(source=cited).quote == "Elsewhere, Al-Bab was taken."


def test_it_refuses_to_delete_assessments_even_for_a_superuser(admin_client, populated):
    assessment = Assessment.objects.get()
    response = admin_client.post(admin_url(Assessment, "delete", assessment.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_it_confirms_mentions_in_bulk_but_not_entityless_candidates(admin_client, source):
    sentence = source.sentences.get(index=1)
    good = Mention.objects.create(
        sentence=sentence, start=12, end=18, surface="Al-Bab", place=make_place()
    )
    candidate = Mention.objects.create(
        sentence=sentence, start=42, end=48, surface="Aleppo", origin="gazetteer"
    )
    admin_client.post(
        admin_url(Mention, "changelist"),
        {"action": "confirm", "_selected_action": [good.pk, candidate.pk]},
    )
    good.refresh_from_db()
    candidate.refresh_from_db()
    assert (good.status, candidate.status) == ("confirmed", "suggested")


def test_it_denies_the_admin_to_anonymous_visitors(client):
    response = client.get(reverse("admin:claims_source_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_opens_a_long_sources_change_page_without_inlining_its_sentences(
    admin_client, django_assert_max_num_queries
):
    paragraphs = [[f"Sentence number {n} of a long <b>article</b>." for n in range(1, 601)]]
    source = make_source(paragraphs, is_published=True)
    with django_assert_max_num_queries(20):
        response = admin_client.get(admin_url(Source, "change", source.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "600 sentences" in page
    assert f"{reverse('admin:claims_sentence_changelist')}?source__id__exact={source.pk}" in page
    assert source.get_absolute_url() in page
    assert "Sentence number 1 of a long &lt;b&gt;article&lt;/b&gt;." in page
    assert "Sentence number 600 " not in page  # only the opening of the text
    assert 'name="sentences-' not in page and 'name="text"' not in page
    # Saving the page (a metadata fix) leaves the text and its sentences alone.
    before = source.text
    response = admin_client.post(
        admin_url(Source, "change", source.pk),
        {
            "slug": source.slug,
            "title": "Renamed",
            "url": "",
            "publisher": "",
            "language": "en",
            "date_precision": "unknown",
            "is_published": "on",
            "text": "tampered",
            "contributors-TOTAL_FORMS": "0",
            "contributors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    source.refresh_from_db()
    assert source.title == "Renamed" and source.text == before
    assert source.sentences.count() == 600
