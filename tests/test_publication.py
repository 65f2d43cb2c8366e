"""Which claims researchers see: Claim.is_published, kept by
services.claims_publication_refresh wherever anchors or a source's
publication change, and Anchor.source, kept equal to its sentence's
(claims/models/claims.py)."""

import datetime

import pytest
from django.db.models import Model
from django.urls import reverse

from claims import services
from claims.models import Anchor, Claim, Source
from tests.factories import add_anchor, make_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """A claim whose only anchor is in an unpublished source."""
    hidden = make_source([["Draft: the bridge at Manbij was blown up."]], is_published=False)
    return make_claim(hidden.sentences.get())


def shown(client, claim):
    """Whether a researcher finds the claim: its page and the claim browser."""
    page = client.get(claim.get_absolute_url()).status_code
    listed = claim.statement in client.get(reverse("claim-list")).content.decode()
    assert (page == 200) == listed, "the claim page and the claim browser disagree"
    return listed


def post_back(response, **changes):
    """The admin change form of `response` as it was rendered, with `changes`,
    ready to post: what a person pressing Save sends."""
    data = {}

    def put(prefix, form):
        for name in form.fields:
            value = form.initial.get(name, form.fields[name].initial)
            if callable(value):
                value = value()
            if isinstance(value, bool):
                if value:
                    data[prefix + name] = "on"
                continue
            if value is None:
                continue
            if isinstance(value, Model):
                value = value.pk
            elif isinstance(value, list | tuple):
                value = [v.pk if isinstance(v, Model) else v for v in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[prefix + name] = value

    put("", response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.initial_forms:
            put(f"{form.prefix}-", form)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def test_a_claim_is_published_with_the_source_it_is_made_in(client, source, draft):
    made = make_claim(source.sentences.first())
    assert made.is_published and shown(client, made)
    assert not draft.is_published and not shown(client, draft)


def test_it_works_publication_out_again_after_writes_around_the_services(source, draft):
    published = make_claim(source.sentences.first())
    # Rows written as they are (as loaddata or a bulk update would): nothing follows.
    Source.objects.filter(pk=source.pk).update(is_published=False)
    sentence = source.sentences.last()
    add_anchor(draft, sentence)
    assert set(Claim.objects.published()) == {published}
    assert services.claims_publication_refresh() == 1  # the unpublished source's claim
    assert not Claim.objects.published().exists()
    Source.objects.filter(pk=source.pk).update(is_published=True)
    # Only the claims asked for are worked out.
    assert services.claims_publication_refresh(claims=Claim.objects.filter(pk=draft.pk)) == 1
    assert set(Claim.objects.published()) == {draft}
    assert services.claims_publication_refresh() == 1
    assert set(Claim.objects.published()) == {draft, published}
    assert services.claims_publication_refresh() == 0


def test_unpublishing_a_source_in_the_admin_hides_its_claims(client, admin_client, source):
    claim = make_claim(source.sentences.first())
    change = reverse("admin:claims_source_change", args=[source.pk])
    form = post_back(admin_client.get(change), is_published=False)
    response = admin_client.post(change, form)
    assert response.status_code == 302, response.context["errors"]
    assert not shown(client, claim)
    form = post_back(admin_client.get(change), is_published=True)
    assert admin_client.post(change, form).status_code == 302
    assert shown(client, claim)


def test_deleting_a_source_in_the_admin_hides_claims_quoted_only_there(
    client, admin_client, source
):
    other = make_source([["Turkey sent tanks to Jarablus."]])
    only_here = make_claim(source.sentences.first())
    also_elsewhere = make_claim(source.sentences.last())
    sentence = other.sentences.get()
    add_anchor(also_elsewhere, sentence)
    delete = reverse("admin:claims_source_delete", args=[source.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not shown(client, only_here)
    assert shown(client, also_elsewhere)


def test_deleting_sources_in_bulk_in_the_admin_hides_their_claims(client, admin_client, source):
    claim = make_claim(source.sentences.first())
    changelist = reverse("admin:claims_source_changelist")
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not shown(client, claim)


def test_an_anchor_added_or_deleted_in_the_admin_shows_or_hides_its_claim(
    client, admin_client, source, draft
):
    sentence = source.sentences.first()
    add = reverse("admin:claims_anchor_add")
    fields = {"claim": draft.pk, "sentence": sentence.pk, "exact": sentence.text}
    fields.update(start=sentence.start, end=sentence.end, prefix="", suffix="")
    response = admin_client.post(add, fields)
    assert response.status_code == 302, response.context["errors"]
    assert shown(client, draft)
    anchor = draft.anchors.get(sentence=sentence)
    assert anchor.source == source
    delete = reverse("admin:claims_anchor_delete", args=[anchor.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not shown(client, draft)


def test_an_anchor_moved_in_the_claims_admin_shows_its_claim(client, admin_client, source, draft):
    sentence = source.sentences.first()
    anchor = draft.anchors.get()
    change = reverse("admin:claims_claim_change", args=[draft.pk])
    form = post_back(
        admin_client.get(change),
        **{
            "anchors-0-sentence": sentence.pk,
            "anchors-0-start": sentence.start,
            "anchors-0-end": sentence.end,
        },
    )
    response = admin_client.post(change, form)
    assert response.status_code == 302, response.context["errors"]
    anchor.refresh_from_db()
    assert (anchor.sentence, anchor.source) == (sentence, source)
    assert shown(client, draft)


def test_it_puts_an_anchor_back_in_the_source_of_its_sentence(source):
    # A row written as it is (a fixture edited by hand): the anchor names another source.
    claim = make_claim(source.sentences.first())
    Anchor.objects.filter(claim=claim).update(source=make_source())
    services.anchors_check()
    assert claim.anchors.get().source == source
