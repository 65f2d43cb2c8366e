"""Roles (claims/migrations/0002_roles.py, claims/permissions.py) and the
permission matrix: every write endpoint, for every kind of visitor."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import services
from claims.models import Anchor, Assessment, Claim, ClaimEdit, Mention
from tests.conftest import PASSWORD
from tests.factories import make_claim, make_mention, make_place, make_source


def test_it_gives_editors_the_editing_permissions_from_the_migration(editor):
    for permission in [
        "claims.add_claim",
        "claims.change_claim",
        "claims.add_assessment",
        "claims.add_evidence",
        "claims.change_mention",
        "claims.add_place",
        "claims.add_actor",
        "claims.change_anchor",
    ]:
        assert editor.has_perm(permission), permission


def test_it_gives_editors_no_delete_permission_at_all(db):
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.exists()
    assert not editors.permissions.filter(codename__startswith="delete_").exists()
    assert not editors.permissions.filter(codename="add_source").exists()


def test_it_gives_plain_accounts_no_write_permission(researcher):
    assert not any(
        researcher.has_perm(f"claims.{action}_{model}")
        for action in ("add", "change", "delete")
        for model in ("claim", "assessment", "evidence", "mention", "source", "anchor")
    )


def test_it_lets_staff_administrators_do_everything_including_loading_articles(db):
    admin = get_user_model().objects.create_user("staffer", password=PASSWORD, is_staff=True)
    admin.groups.add(Group.objects.get(name="Administrators"))
    assert admin.has_perm("claims.add_source")
    assert admin.has_perm("claims.delete_claim")
    assert admin.has_perm("auth.change_user")


def test_it_keeps_editors_out_of_the_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/claims/source/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_lets_nobody_delete_an_assessment_in_the_admin(client, superuser, source):
    claim = make_claim(source.sentences.first())
    from claims import services

    assessment = services.claim_assess(claim=claim, status="refuted", rationale="Wrong.")
    client.force_login(superuser)
    response = client.post(f"/admin/claims/assessment/{assessment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


# The matrix. Each endpoint knows how to build a valid request and how to tell
# that it wrote; anonymous and plain accounts must leave that unchanged.


@pytest.fixture
def world(db):
    source = make_source()
    first, second, third = source.sentences.order_by("index")
    claim = make_claim(first)
    place = make_place("Al-Bab")
    linked = make_mention(first, "Al-Bab", place=place)
    candidate = make_mention(first, "Aleppo", candidate={"name": "Aleppo"}, origin="gazetteer")
    drifted = make_claim(third, "5,000 fighters").anchors.get()
    moved = Anchor.objects.filter(pk=drifted.pk)
    moved.update(start=drifted.start - 2, end=drifted.end - 2)
    services.anchors_check(anchors=moved)
    return {
        "source": source,
        "sentence": second,
        "claim": claim,
        "linked": linked,
        "candidate": candidate,
        "anchor": drifted,
    }


@dataclass
class Endpoint:
    name: str
    url: object  # world -> url
    data: object  # world -> POST data
    wrote: object  # world -> bool
    form_page: bool = False  # GET shows a form (else GET answers 405)


def _candidate_place(w):
    return Mention.objects.get(pk=w["candidate"].pk).place_id is not None


ENDPOINTS = [
    Endpoint(
        "claim-new",
        lambda w: reverse("claim-new"),
        lambda w: {
            "sentence": w["sentence"].pk,
            "quote": w["sentence"].text,
            "kind": "factual",
            "quantities-TOTAL_FORMS": "0",
            "quantities-INITIAL_FORMS": "0",
        },
        lambda w: Claim.objects.count() > 2,
        form_page=True,
    ),
    Endpoint(
        "claim-edit",
        lambda w: reverse("claim-edit", args=[w["claim"].pk]),
        lambda w: {"version": 1, "statement": "Reworded.", "kind": "factual"},
        lambda w: ClaimEdit.objects.filter(claim=w["claim"]).exists(),
        form_page=True,
    ),
    Endpoint(
        "claim-assess",
        lambda w: reverse("claim-assess", args=[w["claim"].pk]),
        lambda w: {
            "version": 1,
            "status": "refuted",
            "rationale": "Wrong.",
            "evidence-stance": "supports",
        },
        lambda w: Assessment.objects.exists(),
        form_page=True,
    ),
    Endpoint(
        "claims-bulk-assess",
        lambda w: reverse("claims-bulk-assess"),
        lambda w: {
            "claims": [w["claim"].pk],
            f"version-{w['claim'].pk}": w["claim"].version,
            "status": "unverified",
            "rationale": "None found.",
        },
        lambda w: Assessment.objects.exists(),
    ),
    Endpoint(
        "mention-confirm",
        lambda w: reverse("mention-confirm", args=[w["linked"].pk]),
        lambda w: {},
        lambda w: Mention.objects.get(pk=w["linked"].pk).status == "confirmed",
    ),
    Endpoint(
        "mention-reject",
        lambda w: reverse("mention-reject", args=[w["linked"].pk]),
        lambda w: {},
        lambda w: Mention.objects.get(pk=w["linked"].pk).status == "rejected",
    ),
    Endpoint(
        "mention-new-place",
        lambda w: reverse("mention-new-place", args=[w["candidate"].pk]),
        lambda w: {"name": "Aleppo", "kind": "settlement", "geo_precision": "unknown"},
        _candidate_place,
        form_page=True,
    ),
    Endpoint(
        "mention-new-actor",
        lambda w: reverse("mention-new-actor", args=[w["candidate"].pk]),
        lambda w: {"name": "Aleppo council", "kind": "agency"},
        lambda w: Mention.objects.get(pk=w["candidate"].pk).actor_id is not None,
        form_page=True,
    ),
    Endpoint(
        "anchor-reanchor",
        lambda w: reverse("anchor-reanchor", args=[w["anchor"].pk]),
        lambda w: {},
        lambda w: not Anchor.objects.mismatched().exists(),
    ),
]
IDS = [endpoint.name for endpoint in ENDPOINTS]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_it_sends_anonymous_writers_to_log_in(client, world, endpoint):
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not endpoint.wrote(world)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_it_forbids_plain_accounts_to_write(client, world, researcher, endpoint):
    client.force_login(researcher)
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert not endpoint.wrote(world)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_it_lets_editors_and_admins_write(client, world, endpoint, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not response["Location"].startswith(reverse("login"))
    assert endpoint.wrote(world)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_it_never_writes_on_get(client, world, editor, endpoint):
    client.force_login(editor)
    response = client.get(endpoint.url(world), endpoint.data(world))
    if endpoint.form_page:
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 405
    assert not endpoint.wrote(world)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.form_page], ids=lambda e: e.name)
def test_it_shows_form_pages_to_editors_only(client, world, researcher, endpoint):
    url = endpoint.url(world)
    if endpoint.name == "claim-new":
        url += f"?source={world['source'].slug}&sentence=2"
    assert client.get(url).status_code == 302
    client.force_login(researcher)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_it_refuses_a_write_without_the_csrf_token(world, editor, endpoint):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 403
    assert not endpoint.wrote(world)


def test_it_sends_an_anonymous_form_post_back_to_its_page_after_login(client, world):
    page = f"/claims/{world['claim'].pk}/"
    response = client.post(
        reverse("mention-confirm", args=[world["linked"].pk]),
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response["Location"] == f"{reverse('login')}?next={page}"


def test_it_keeps_the_review_queue_for_editors(client, researcher, editor):
    assert client.get(reverse("review"))["Location"].startswith(reverse("login"))
    client.force_login(researcher)
    assert client.get(reverse("review")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("review")).status_code == 200
