"""The review queue and its actions (claims/views/review.py)."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Anchor, Mention, Place
from claims.views import review
from tests.factories import make_actor, make_claim, make_mention, make_place, make_source
from tests.html import marked_quotes, text


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def drift(anchor, by=-2):
    """Offsets that no longer point at the quote, as after an admin moves them
    (test_it_lists_an_anchor_moved_in_the_admin goes through the admin itself)."""
    moved = Anchor.objects.filter(pk=anchor.pk)
    moved.update(start=anchor.start + by, end=anchor.end + by)
    services.anchors_check(anchors=moved)


def fill_queues(n):
    """n unassessed claims, n suggested mentions and n drifted anchors."""
    for i in range(n):
        source = make_source([[f"Sentence {i} names Manbij and the SDF.", "Another one."]])
        sentence = source.sentences.get(index=1)
        drift(make_claim(sentence, "names Manbij").anchors.get())
        make_mention(sentence, "SDF", actor=make_actor(f"SDF {i}"))


def test_it_counts_each_queue(editor_client, source):
    first, second, third = source.sentences.order_by("index")
    make_claim(first)
    assessed = make_claim(second)
    services.claim_assess(claim=assessed, status="supported", rationale="Seen.")
    make_mention(first, "Al-Bab", place=make_place("Al-Bab"))
    make_mention(first, "Aleppo", candidate={"name": "Aleppo"})
    make_mention(third, "fighters", status="rejected", actor=make_actor("Fighters"))
    drift(make_claim(third, "5,000 fighters").anchors.get())
    response = editor_client.get(reverse("review"))
    assert response.context["counts"] == {
        "claims": 2,
        "mentions": 2,
        "anchors": 1,
        "suggestions": 0,
    }
    page = text(response.content.decode())
    assert "Unassessed claims 2" in " ".join(page.split())


def test_it_lists_unassessed_claims_with_where_they_are(editor_client, source):
    claim = make_claim(source.sentences.get(index=2))
    page = editor_client.get(reverse("review")).content.decode()
    assert claim.statement in page
    assert f"{source.get_absolute_url()}#s-2" in page
    assert reverse("claim-assess", args=[claim.pk]) in page


def test_it_lists_unassessed_claims_with_their_quote_marked_in_the_sentence(editor_client, source):
    first, second = source.sentences.order_by("index")[:2]
    make_claim(first, "40 km northeast of Aleppo")
    make_claim(second, "besieged")
    page = editor_client.get(reverse("review")).content.decode()
    assert marked_quotes(page) == [
        (first.text, ["40 km northeast of Aleppo"]),
        (second.text, ["besieged"]),
    ]


def tab_labels(response):
    html = response.content.decode()
    start = html.index('<nav class="review-tabs"')
    nav = html[start : html.index("</nav>", start)]
    return " ".join(text(nav).split())


def test_it_counts_other_tabs_only_up_to_a_limit(editor_client, monkeypatch):
    monkeypatch.setattr(review, "TAB_COUNT_LIMIT", 2)
    fill_queues(3)
    # The tab shown is counted exactly (its pages need it); the others stop at the limit.
    response = editor_client.get(reverse("review"))
    assert tab_labels(response) == (
        "Unassessed claims 3 Suggested mentions 2+ Anchors that no longer match 2+ "
        "Suggested claims 0"
    )
    response = editor_client.get(reverse("review"), {"tab": "mentions"})
    assert tab_labels(response).startswith("Unassessed claims 2+ Suggested mentions 3 ")
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize("tab", ["claims", "mentions", "anchors"])
def test_it_keeps_the_query_count_constant_per_page(
    editor_client, tab, django_assert_max_num_queries
):
    fill_queues(3)
    with django_assert_max_num_queries(10) as small:
        editor_client.get(reverse("review"), {"tab": tab})
    fill_queues(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = editor_client.get(reverse("review"), {"tab": tab})
    assert len(response.context["page"].object_list) == 25


def test_it_paginates(editor_client):
    fill_queues(27)
    response = editor_client.get(reverse("review"), {"tab": "mentions", "page": 2})
    assert len(response.context["page"].object_list) == 2
    page = response.content.decode()
    assert "Page 2 of 2" in page
    assert "?tab=mentions&amp;page=1" in page
    # A page past the end shows the last page, not an error.
    response = editor_client.get(reverse("review"), {"tab": "mentions", "page": 99})
    assert response.context["page"].number == 2


def test_it_falls_back_to_the_claims_tab_for_an_unknown_one(editor_client):
    assert editor_client.get(reverse("review"), {"tab": "<script>"}).context["tab"] == "claims"


def test_it_offers_keyboard_shortcuts_for_mentions(editor_client, source):
    make_mention(source.sentences.first(), "Al-Bab", place=make_place("Al-Bab"))
    page = editor_client.get(reverse("review"), {"tab": "mentions"}).content.decode()
    assert "<kbd>c</kbd> confirm" in page
    assert "review.js" in page
    assert 'data-action="confirm"' in page and 'data-action="reject"' in page


def test_it_confirms_a_mention_and_returns_to_the_queue(editor_client, editor, source):
    mention = make_mention(source.sentences.first(), "Al-Bab", place=make_place("Al-Bab"))
    back = reverse("review") + "?tab=mentions&page=1"
    response = editor_client.post(reverse("mention-confirm", args=[mention.pk]), {"next": back})
    assert response["Location"] == back
    mention.refresh_from_db()
    assert (mention.status, mention.reviewed_by) == ("confirmed", editor)
    assert mention.reviewed_at is not None
    assert "“Al-Bab” confirmed." in editor_client.get(back).content.decode()


def test_it_rejects_a_mention_for_the_keyboard_pass_as_json(editor_client, source):
    mention = make_mention(source.sentences.first(), "Al-Bab", place=make_place("Al-Bab"))
    response = editor_client.post(
        reverse("mention-reject", args=[mention.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"ok": True, "status": "rejected"}
    again = editor_client.post(
        reverse("mention-confirm", args=[mention.pk]), HTTP_ACCEPT="application/json"
    )
    assert again.status_code == 409
    assert (
        again.json()["error"]
        == f"“Al-Bab” was already rejected by Editor {Mention.objects.get().reviewed_by_id}."
    )
    mention.refresh_from_db()
    assert mention.status == "rejected"


def test_it_explains_why_a_bare_candidate_cannot_be_confirmed(editor_client, source):
    mention = make_mention(source.sentences.first(), "Aleppo", candidate={"name": "Aleppo"})
    response = editor_client.post(reverse("mention-confirm", args=[mention.pk]), follow=True)
    assert "create one from its candidate" in response.content.decode()
    assert Mention.objects.get().status == "suggested"


def test_it_prefills_a_new_place_from_the_gazetteer_candidate(editor_client, source):
    mention = make_mention(
        source.sentences.first(),
        "Aleppo",
        origin="gazetteer",
        candidate={
            "name": "Aleppo",
            "geonames_id": 170063,
            "lat": 36.20124,
            "lon": 37.16117,
            "country_code": "SY",
            "feature_code": "PPLA",
        },
    )
    response = editor_client.get(reverse("mention-new-place", args=[mention.pk]))
    form = response.context["form"]
    assert form["name"].value() == "Aleppo"
    assert form["geonames_id"].value() == 170063
    assert (form["latitude"].value(), form["longitude"].value()) == (36.20124, 37.16117)
    assert form["country_code"].value() == "SY"
    assert form["kind"].value() == "settlement"
    assert form["geo_precision"].value() == "exact"
    assert "<mark>Aleppo</mark>" in response.content.decode()


def test_it_creates_the_place_and_confirms_the_mention(editor_client, editor, source):
    mention = make_mention(source.sentences.first(), "Aleppo", candidate={"name": "Aleppo"})
    response = editor_client.post(
        reverse("mention-new-place", args=[mention.pk]),
        {
            "name": "Aleppo",
            "kind": "settlement",
            "latitude": "36.2",
            "longitude": "37.16",
            "geo_precision": "exact",
            "geonames_id": "170063",
            "country_code": "SY",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get()
    mention.refresh_from_db()
    assert (mention.place, mention.status, mention.reviewed_by) == (place, "confirmed", editor)
    assert (place.geonames_id, place.latitude, place.slug) == (170063, 36.2, "aleppo")
    queue = editor_client.get(reverse("review"), {"tab": "mentions"})
    assert queue.context["counts"]["mentions"] == 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"latitude": "36.2"}, "Give both latitude and longitude, or neither."),
        ({"latitude": "136", "longitude": "37"}, "Latitude lies between -90 and 90."),
        ({"name": ""}, "This field is required."),
        ({"geonames_id": "170063"}, "Place with this Geonames id already exists."),
    ],
)
def test_it_refuses_a_bad_place_and_writes_nothing(editor_client, source, fields, message):
    make_place("Aleppo (existing)", geonames_id=170063)
    mention = make_mention(source.sentences.first(), "Aleppo", candidate={"name": "Aleppo"})
    data = {"name": "Aleppo", "kind": "settlement", "geo_precision": "unknown", **fields}
    response = editor_client.post(reverse("mention-new-place", args=[mention.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Place.objects.count() == 1
    assert Mention.objects.get().status == "suggested"


def test_it_creates_an_actor_from_a_mention(editor_client, source):
    mention = make_mention(source.sentences.first(), "Al-Bab", candidate={"name": "Al-Bab"})
    response = editor_client.post(
        reverse("mention-new-actor", args=[mention.pk]),
        {"name": "Al-Bab military council", "kind": "armed_group"},
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.actor.name == "Al-Bab military council"
    assert list(mention.actor.aliases.values_list("name", flat=True)) == ["Al-Bab"]


def test_it_lists_drifted_anchors_and_re_anchors_them(editor_client, source):
    claim = make_claim(source.sentences.get(index=2), "besieged in 2016")
    anchor = claim.anchors.get()
    drift(anchor, by=5)
    page = editor_client.get(reverse("review"), {"tab": "anchors"}).content.decode()
    assert "besieged in 2016" in page
    assert reverse("anchor-reanchor", args=[anchor.pk]) in page
    response = editor_client.post(reverse("anchor-reanchor", args=[anchor.pk]), follow=True)
    assert f"Claim #{claim.pk} re-anchored." in response.content.decode()
    anchor.refresh_from_db()
    assert anchor.state == "moved"
    assert source.text[anchor.start : anchor.end] == "besieged in 2016"
    assert response.context["counts"]["anchors"] == 0


def test_it_marks_an_anchor_orphaned_when_its_quote_is_gone(editor_client, source):
    claim = make_claim(source.sentences.get(index=1))
    Anchor.objects.filter(claim=claim).update(exact="Words that were never published.")
    anchor = claim.anchors.get()
    response = editor_client.post(reverse("anchor-reanchor", args=[anchor.pk]), follow=True)
    assert "no longer in the source" in response.content.decode()
    anchor.refresh_from_db()
    assert anchor.state == "orphaned"
    # Still listed: a person has to look at it.
    assert response.context["counts"]["anchors"] == 1


def test_it_lists_an_anchor_moved_in_the_admin(editor_client, admin_client, source):
    sentence = source.sentences.get(index=2)
    claim = make_claim(sentence, "besieged in 2016")
    anchor = claim.anchors.get()
    change = reverse("admin:claims_anchor_change", args=[anchor.pk])

    def save(start, end):
        fields = {"claim": claim.pk, "sentence": sentence.pk, "exact": anchor.exact}
        fields.update(prefix=anchor.prefix, suffix=anchor.suffix, start=start, end=end)
        assert admin_client.post(change, fields).status_code == 302

    save(anchor.start + 1, anchor.end + 1)  # a slip of the admin's hand
    response = editor_client.get(reverse("review"), {"tab": "anchors"})
    assert response.context["counts"]["anchors"] == 1
    page = " ".join(text(response.content.decode()).split())
    assert "drifted (offsets no longer match)" in page
    assert f"“besieged in 2016” no longer stands at {anchor.start + 1}–{anchor.end + 1}" in page
    save(anchor.start, anchor.end)  # put right
    assert editor_client.get(reverse("review")).context["counts"]["anchors"] == 0
    anchor.refresh_from_db()
    assert anchor.state == "exact"


def test_it_lists_an_anchor_moved_in_the_claims_admin(editor_client, admin_client, source):
    sentence = source.sentences.get(index=2)
    claim = make_claim(sentence, "besieged in 2016")
    anchor = claim.anchors.get()
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(actors=[], places=[], events=[])
    for prefix, total in (("anchors", 1), ("quantities", 0), ("evidence", 0), ("assessments", 0)):
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": total})
    data.update({"anchors-0-id": anchor.pk, "anchors-0-claim": claim.pk})
    data.update({"anchors-0-sentence": sentence.pk, "anchors-0-start": anchor.start - 3})
    data["anchors-0-end"] = anchor.end - 3
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["errors"]
    assert editor_client.get(reverse("review")).context["counts"]["anchors"] == 1
