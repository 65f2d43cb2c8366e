"""Roles (claims/migrations/0002_roles.py, claims/permissions.py) and the
permission matrix: every write endpoint, for every kind of visitor."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from claims import services
from claims.models import Anchor, Assessment, Claim, ClaimEdit, Evidence, Mention, Source
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
    elsewhere = make_source([["Another report says so."]], title="Elsewhere").sentences.get()
    return {
        "elsewhere": elsewhere,
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
        "claim-assess-citing-a-sentence",
        lambda w: reverse("claim-assess", args=[w["claim"].pk]),
        lambda w: {
            "version": 1,
            "status": "supported",
            "rationale": "Another report.",
            "evidence-sentence": w["elsewhere"].pk,
            "evidence-stance": "supports",
        },
        lambda w: Evidence.objects.filter(sentence=w["elsewhere"]).exists(),
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
    before = world_state()
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not endpoint.wrote(world)
    assert world_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_it_forbids_plain_accounts_to_write(client, world, researcher, endpoint):
    client.force_login(researcher)
    before = world_state()
    response = client.post(endpoint.url(world), endpoint.data(world))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert not endpoint.wrote(world)
    assert world_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
@pytest.mark.parametrize("role", ["editor", "administrator", "superuser"])
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


def test_it_keeps_the_evidence_sentence_search_for_editors(client, world, researcher, editor):
    url = reverse("evidence-sentences", args=[world["claim"].pk])
    assert client.get(url, {"q": "report"})["Location"].startswith(reverse("login"))
    client.force_login(researcher)
    assert client.get(url, {"q": "report"}).status_code == 403
    client.force_login(editor)
    found = client.get(url, {"q": "report"}).json()["results"]
    assert [result["text"] for result in found] == ["Another report says so."]
    assert client.post(url, {"q": "report"}).status_code == 405


# The admin, for every role: what each must be refused, with nothing changed.


def world_state():
    """Row counts of every claims and auth table, who holds which privileges,
    and the fields the refused requests below would change."""
    from django.apps import apps

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("claims", "auth")
    }
    privileges = sorted(
        (user.username, user.is_superuser, user.is_staff, user.first_name, user.password)
        + tuple(sorted(user.groups.values_list("name", flat=True)))
        for user in get_user_model().objects.all()
    )
    groups = sorted((group.name, group.permissions.count()) for group in Group.objects.all())
    return {
        "counts": counts,
        "privileges": privileges,
        "groups": groups,
        "mentions": sorted(Mention.objects.values_list("pk", "status")),
        "sources": sorted(Source.objects.values_list("pk", "title", "is_published")),
        "claims": sorted(Claim.objects.values_list("pk", "statement", "status")),
    }


@dataclass
class AdminWrite:
    name: str
    url: object  # (world, users) -> url
    data: object  # (world, users) -> POST data


def _user_change(target, **fields):
    def data(w, users):
        user = users[target]
        return {
            "username": user.username,
            "first_name": "Changed",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            **fields,
        }

    return data


def _user_url(target, action="change"):
    return lambda w, users: f"/admin/auth/user/{users[target].pk}/{action}/"


NEW_PASSWORD = {"password1": "n3w-pa55word-x", "password2": "n3w-pa55word-x"}

ADMIN_WRITES = [
    AdminWrite(
        "load-article",
        lambda w, u: reverse("admin:claims_source_load"),
        lambda w, u: {"text": "A title\n\n" + "The army took the town in March. " * 5},
    ),
    AdminWrite(
        "change-source",
        lambda w, u: reverse("admin:claims_source_change", args=[w["source"].pk]),
        lambda w, u: {"slug": w["source"].slug, "title": "Renamed", "language": "en"},
    ),
    AdminWrite(
        "delete-source",
        lambda w, u: reverse("admin:claims_source_delete", args=[w["source"].pk]),
        lambda w, u: {"post": "yes"},
    ),
    AdminWrite(
        "delete-claims-in-bulk",
        lambda w, u: reverse("admin:claims_claim_changelist"),
        lambda w, u: {
            "action": "delete_selected",
            "_selected_action": [w["claim"].pk],
            "post": "yes",
        },
    ),
    AdminWrite(
        "confirm-mentions-in-bulk",
        lambda w, u: reverse("admin:claims_mention_changelist"),
        lambda w, u: {"action": "confirm", "_selected_action": [w["linked"].pk]},
    ),
    AdminWrite(
        "add-user",
        lambda w, u: reverse("admin:auth_user_add"),
        lambda w, u: {"username": "intruder", **NEW_PASSWORD},
    ),
    AdminWrite(
        "make-self-superuser",
        _user_url("self"),
        _user_change("self", is_superuser="on", is_staff="on"),
    ),
    AdminWrite(
        "make-someone-superuser",
        _user_url("researcher"),
        _user_change("researcher", is_superuser="on", is_staff="on"),
    ),
    AdminWrite(
        "reset-superusers-password", _user_url("root", "password"), lambda w, u: NEW_PASSWORD
    ),
    AdminWrite("delete-superuser", _user_url("root", "delete"), lambda w, u: {"post": "yes"}),
    AdminWrite(
        "grant-a-group-everything",
        lambda w, u: reverse(
            "admin:auth_group_change", args=[Group.objects.get(name="Editors").pk]
        ),
        lambda w, u: {
            "name": "Editors",
            "permissions": list(Permission.objects.values_list("pk", flat=True)),
        },
    ),
    AdminWrite(
        "delete-assessment",
        lambda w, u: reverse("admin:claims_assessment_delete", args=[w["assessment"].pk]),
        lambda w, u: {"post": "yes"},
    ),
]

# What staff who are not superusers may still not do, and what nobody may do.
REFUSED_TO_ADMINISTRATORS = {
    "make-self-superuser",
    "reset-superusers-password",
    "delete-superuser",
    "grant-a-group-everything",
    "delete-assessment",
}
REFUSED_TO_SUPERUSERS = {"delete-assessment"}


@pytest.fixture
def admin_world(world, editor):
    world["assessment"] = services.claim_assess(
        claim=world["claim"], status="refuted", rationale="Wrong.", editor=editor
    )
    return world


@pytest.mark.parametrize("write", ADMIN_WRITES, ids=lambda w: w.name)
@pytest.mark.parametrize("role", ["anonymous", "researcher", "editor"])
def test_it_keeps_everyone_but_staff_out_of_every_admin_write(
    client, admin_world, superuser, researcher, editor, role, write
):
    users = {"self": editor, "researcher": researcher, "root": superuser}
    if role != "anonymous":
        users["self"] = {"researcher": researcher, "editor": editor}[role]
        client.force_login(users["self"])
    before = world_state()
    response = client.post(write.url(admin_world, users), write.data(admin_world, users))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert world_state() == before


@pytest.mark.parametrize(
    "write", [w for w in ADMIN_WRITES if w.name in REFUSED_TO_ADMINISTRATORS], ids=lambda w: w.name
)
def test_it_refuses_administrators_what_only_superusers_may_do(
    client, admin_world, superuser, researcher, administrator, write
):
    users = {"self": administrator, "researcher": researcher, "root": superuser}
    client.force_login(administrator)
    before = world_state()
    response = client.post(write.url(admin_world, users), write.data(admin_world, users))
    assert response.status_code == 403
    assert world_state() == before


def test_it_ignores_an_administrators_superuser_tick_on_someone_else(
    client, admin_world, superuser, researcher, administrator
):
    write = next(w for w in ADMIN_WRITES if w.name == "make-someone-superuser")
    users = {"self": administrator, "researcher": researcher, "root": superuser}
    client.force_login(administrator)
    before = world_state()
    response = client.post(write.url(admin_world, users), write.data(admin_world, users))
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert not researcher.is_superuser and not researcher.is_staff
    after = world_state()
    assert after["counts"] == before["counts"] and after["groups"] == before["groups"]


@pytest.mark.parametrize(
    "write", [w for w in ADMIN_WRITES if w.name in REFUSED_TO_SUPERUSERS], ids=lambda w: w.name
)
def test_it_refuses_even_superusers_what_nobody_may_do(
    client, admin_world, superuser, researcher, write
):
    users = {"self": superuser, "researcher": researcher, "root": superuser}
    client.force_login(superuser)
    before = world_state()
    response = client.post(write.url(admin_world, users), write.data(admin_world, users))
    assert response.status_code == 403
    assert world_state() == before
