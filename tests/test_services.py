import pytest

from claims import services
from claims.models import Assessment, EvidenceStatus
from tests.factories import make_claim


@pytest.fixture
def sentence(source):
    return source.sentences.get(index=1)


def test_it_anchors_a_claim_to_its_exact_quote(sentence):
    claim = make_claim(sentence, "40 km northeast of Aleppo", kind="quantitative")
    anchor = claim.anchors.get()
    assert sentence.source.text[anchor.start : anchor.end] == "40 km northeast of Aleppo"
    assert anchor.prefix.endswith("Al-Bab lies ")
    assert anchor.suffix.startswith(". It was besieged")
    assert len(anchor.suffix) == 32
    assert claim.statement == "40 km northeast of Aleppo"


def test_it_refuses_a_quote_outside_the_sentence(sentence):
    with pytest.raises(services.ServiceError):
        services.claim_create(sentence=sentence, start=sentence.start, end=sentence.end + 5)


def test_it_sets_status_and_appends_history(sentence, editor):
    claim = make_claim(sentence)
    services.claim_assess(
        claim=claim, status="disputed", rationale="Sources differ.", editor=editor
    )
    services.claim_assess(claim=claim, status="refuted", rationale="Later data.", editor=editor)
    claim.refresh_from_db()
    assert claim.status == EvidenceStatus.REFUTED
    assert claim.version == 3
    assert list(claim.assessments.values_list("status", flat=True)) == ["disputed", "refuted"]


def test_it_requires_a_rationale(sentence):
    claim = make_claim(sentence)
    with pytest.raises(services.ServiceError, match="rationale"):
        services.claim_assess(claim=claim, status="supported", rationale="  ")
    assert not Assessment.objects.exists()


def test_it_refuses_a_stale_version_and_writes_nothing(sentence):
    claim = make_claim(sentence)
    services.claim_assess(claim=claim, status="disputed", rationale="First.", expected_version=1)
    with pytest.raises(services.StaleClaim):
        services.claim_assess(
            claim=claim, status="supported", rationale="Second.", expected_version=1
        )
    claim.refresh_from_db()
    assert claim.status == "disputed"
    assert claim.assessments.count() == 1


# Editing: claim_update, claim_assess_many, evidence, re-anchoring, mentions.

from claims.models import Anchor, ClaimEdit, Evidence, Mention, Place  # noqa: E402
from tests.factories import make_actor, make_mention, make_place  # noqa: E402


def test_it_records_who_changed_what_on_a_claim(sentence, editor):
    claim = make_claim(sentence)
    sdf, ypg = make_actor("SDF"), make_actor("YPG")
    edit = services.claim_update(
        claim=claim,
        editor=editor,
        expected_version=1,
        statement="Al-Bab is 40 km from Aleppo.",
        kind="quantitative",
        actors=[sdf, ypg],
    )
    claim.refresh_from_db()
    assert claim.statement == "Al-Bab is 40 km from Aleppo."
    assert claim.version == 2
    assert set(claim.actors.values_list("name", flat=True)) == {"SDF", "YPG"}
    assert edit.editor == editor
    assert edit.changes["statement"]["from"] == sentence.text
    assert edit.changes["kind"] == {"from": "factual", "to": "quantitative"}
    assert edit.changes["actors"] == {"from": [], "to": ["SDF", "YPG"]}


def test_it_writes_nothing_when_an_edit_changes_nothing(sentence, editor):
    claim = make_claim(sentence)
    assert services.claim_update(claim=claim, editor=editor, statement=claim.statement) is None
    claim.refresh_from_db()
    assert claim.version == 1
    assert not ClaimEdit.objects.exists()


def test_it_refuses_a_stale_edit_and_keeps_the_newer_one(sentence, editor):
    claim = make_claim(sentence)
    services.claim_assess(claim=claim, status="disputed", rationale="Sources differ.")
    with pytest.raises(services.StaleClaim):
        services.claim_update(claim=claim, editor=editor, expected_version=1, statement="Other.")
    claim.refresh_from_db()
    assert claim.statement == sentence.text
    assert not ClaimEdit.objects.exists()


def test_it_refuses_an_empty_statement(sentence, editor):
    claim = make_claim(sentence)
    with pytest.raises(services.ServiceError, match="empty"):
        services.claim_update(claim=claim, editor=editor, statement="   ")


def test_it_assesses_several_claims_at_once(source, editor):
    first, second = (make_claim(s) for s in source.sentences.all()[:2])
    assessments = services.claim_assess_many(
        claims=[first, second], status="unverified", rationale="Nothing found.", editor=editor
    )
    assert len(assessments) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "unverified"


def test_it_assesses_none_of_several_claims_if_one_is_stale(source, editor):
    first, second = (make_claim(s) for s in source.sentences.all()[:2])
    services.claim_assess(claim=second, status="supported", rationale="Confirmed.")
    with pytest.raises(services.StaleClaims) as raised:
        services.claim_assess_many(
            claims=[first, second],
            status="refuted",
            rationale="Wrong.",
            editor=editor,
            expected_versions={first.pk: 1, second.pk: 1},
        )
    assert f"#{second.pk}" in str(raised.value)
    assert list(Assessment.objects.values_list("status", flat=True)) == ["supported"]
    first.refresh_from_db()
    assert first.status == "unassessed"


def test_it_cites_a_sentence_of_another_source_as_evidence(sentence, editor):
    from tests.factories import make_source

    claim = make_claim(sentence)
    other = make_source([["Turkish forces entered Al-Bab in February 2017."]])
    cited = other.sentences.get()
    services.claim_assess(
        claim=claim,
        status="supported",
        rationale="Another report agrees.",
        editor=editor,
        evidence=[{"stance": "supports", "sentence": cited}],
    )
    evidence = Evidence.objects.get()
    assert (evidence.sentence, evidence.source, evidence.quote) == (cited, other, cited.text)
    # The sentence is cited as it is: no claim (and no anchor) is made of it.
    assert not Anchor.objects.filter(sentence=cited).exists()


def test_it_refuses_a_sentence_of_the_claims_own_article_and_writes_nothing(source, editor):
    claim = make_claim(source.sentences.get(index=1))
    with pytest.raises(services.ServiceError, match="evidence must come from another source"):
        services.claim_assess(
            claim=claim,
            status="supported",
            rationale="Itself.",
            evidence=[{"stance": "supports", "sentence": source.sentences.get(index=2)}],
        )
    assert not Evidence.objects.exists() and not Assessment.objects.exists()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("unassessed", 1)


def _drift(anchor, by):
    """Offsets that no longer point at the quote, written around the services."""
    Anchor.objects.filter(pk=anchor.pk).update(start=anchor.start + by, end=anchor.end + by)


def test_it_finds_a_drifted_quote_again(source, editor):
    second = source.sentences.get(index=2)
    anchor = make_claim(second, "besieged in 2016").anchors.get()
    _drift(anchor, -4)
    assert not Anchor.objects.mismatched().exists()  # nobody has checked yet
    assert services.anchors_check() == 1
    assert list(Anchor.objects.mismatched()) == [anchor]
    assert Anchor.objects.get(pk=anchor.pk).state == Anchor.State.DRIFTED
    moved = services.anchor_reanchor(anchor=anchor, editor=editor)
    assert moved.state == Anchor.State.MOVED
    assert source.text[moved.start : moved.end] == "besieged in 2016"
    assert moved.sentence == second
    assert not Anchor.objects.mismatched().exists()
    edit = ClaimEdit.objects.get()
    assert edit.editor == editor and "anchor" in edit.changes


def test_it_checks_anchors_against_their_text(source):
    first, second, third = source.sentences.order_by("index")
    kept = make_claim(first, "Al-Bab").anchors.get()
    moved = make_claim(second, "besieged in 2016").anchors.get()
    gone = make_claim(third).anchors.get()
    Anchor.objects.filter(pk=gone.pk).update(state=Anchor.State.ORPHANED, exact="Never said.")
    assert services.anchors_check() == 0  # matching anchors, and the orphan stays one
    _drift(moved, 3)
    assert services.anchors_check() == 1
    states = dict(Anchor.objects.values_list("pk", "state"))
    assert states == {kept.pk: "exact", moved.pk: "drifted", gone.pk: "orphaned"}
    # Offsets corrected by hand: it holds its quote again and leaves the queue.
    _drift(moved, 0)
    Anchor.objects.filter(pk=gone.pk).update(exact=gone.exact)
    assert services.anchors_check(anchors=Anchor.objects.filter(pk__in=[moved.pk, gone.pk])) == 2
    assert not Anchor.objects.mismatched().exists()


def test_it_orphans_an_anchor_whose_quote_is_gone(source, editor):
    anchor = make_claim(source.sentences.get(index=1)).anchors.get()
    Anchor.objects.filter(pk=anchor.pk).update(exact="A sentence that was never there.")
    anchor.refresh_from_db()
    orphan = services.anchor_reanchor(anchor=anchor, editor=editor)
    assert orphan.state == Anchor.State.ORPHANED
    assert (orphan.start, orphan.end) == (anchor.start, anchor.end)
    assert "orphaned" in ClaimEdit.objects.get().changes["anchor"]["to"]


def test_it_confirms_and_rejects_suggested_mentions_once(sentence, editor, researcher):
    place = make_place("Al-Bab")
    mention = make_mention(sentence, "Al-Bab", place=place)
    services.mention_review(mention=mention, status="confirmed", reviewer=editor)
    assert (mention.status, mention.reviewed_by) == ("confirmed", editor)
    with pytest.raises(services.ServiceError, match=f"already confirmed by Editor {editor.pk}"):
        services.mention_review(mention=mention, status="rejected", reviewer=researcher)
    mention.refresh_from_db()
    assert mention.status == "confirmed"


def test_it_will_not_confirm_a_candidate_without_an_entity(sentence, editor):
    mention = make_mention(sentence, "Aleppo", candidate={"name": "Aleppo"}, origin="gazetteer")
    with pytest.raises(services.ServiceError, match="create one from its candidate"):
        services.mention_review(mention=mention, status="confirmed", reviewer=editor)
    assert Mention.objects.get().status == "suggested"


def test_it_creates_a_place_from_a_candidate_and_confirms_it(sentence, editor):
    mention = make_mention(sentence, "Aleppo", origin="gazetteer")
    place = services.mention_create_place(
        mention=mention,
        reviewer=editor,
        name="Aleppo City",
        latitude=36.2,
        longitude=37.16,
        geonames_id=170063,
    )
    mention.refresh_from_db()
    assert (mention.place, mention.status, mention.reviewed_by) == (place, "confirmed", editor)
    assert place.slug == "aleppo-city"
    assert list(place.aliases.values_list("name", flat=True)) == ["Aleppo"]
    assert Place.objects.count() == 1
