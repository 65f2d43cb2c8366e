import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from claims import services
from claims.exports import dump
from claims.models import Anchor, Claim, ClaimMatch, Contributor, Mention, SourceRevision
from tests.factories import make_claim_suggestion, make_corpus

# Restoring needs an empty database: `flush` empties it, which on PostgreSQL
# (TRUNCATE) cannot run inside the transaction a plain test is wrapped in.
pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """Every row of every dumped table: all concrete fields and m2m links.
    Groups are compared by name (a migrated database makes its own)."""
    tables = {}
    for model in dump.dump_models():
        label = model._meta.label
        fields = [f.attname for f in model._meta.concrete_fields]
        m2m = [f.name for f in model._meta.many_to_many]
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = {name: getattr(obj, name) for name in fields}
            for name in m2m:
                related = getattr(obj, name).all()
                row[name] = sorted(str(r) if label.startswith("auth.") else r.pk for r in related)
            if label == "auth.Group":
                row.pop("id")
            rows.append(row)
        tables[label] = rows
    return tables


@pytest.fixture
def everything(db, editor, superuser):
    corpus = make_corpus(editor=editor)
    first = corpus["sources"][0]
    first.raw = "<html><p>The town of Al-Bab</p></html>"
    first.raw_filename = "al-bab.html"
    first.imported_by = superuser
    first.save()
    Contributor.objects.create(source=first, name="A. Writer", role="author")
    Contributor.objects.create(source=first, name="B. Translator", role="translator", position=2)
    sentence = first.sentences.get(index=1)
    isis, turkey, _ = corpus["actors"]
    al_bab = corpus["places"][0]
    al_bab.aliases.create(name="al-Bāb")
    Mention.objects.create(
        sentence=sentence,
        start=12,
        end=18,
        surface="Al-Bab",
        place=al_bab,
        status="confirmed",
        origin="alias",
        reviewed_by=editor,
        reviewed_at=timezone.now(),
    )
    Mention.objects.create(
        sentence=sentence,
        start=44,
        end=50,
        surface="Aleppo",
        status="suggested",
        origin="gazetteer",
        candidate={"name": "Aleppo", "geonames_id": 170063, "lat": 36.2, "lon": 37.16},
    )
    claim = corpus["claims"][0]
    services.claim_record_edit(
        claim=claim, editor=editor, changes={"statement": {"from": "a", "to": "b"}}
    )
    source = sentence.source
    SourceRevision.objects.create(
        source=source,
        number=1,
        text=source.text,
        content_sha256=source.content_sha256,
        imported_by=editor,
        note="as first published",
    )
    make_claim_suggestion(
        sentence,
        "lies 40 km northeast of Aleppo",
        kind="quantitative",
        quantities=[{"start": 24, "end": 29, "text": "40 km", "value": "40", "unit": "km"}],
    )
    accepted = make_claim_suggestion(first.sentences.get(index=2), attributed_to=turkey)
    services.claim_suggestion_accept(suggestion=accepted, editor=editor)
    located, left = corpus["claims"][0], corpus["claims"][3]  # two sources
    ClaimMatch.objects.create(
        first=located,
        second=left,
        score=0.61,
        stance="opposite",
        shares={"text": 0.4, "opposite": ["one of them is negated"]},
        status="dismissed",
        decided_by=editor,
        decided_at=timezone.now(),
    )
    return corpus


def restore_into_empty_database(path):
    call_command("flush", interactive=False, verbosity=0)
    assert dump.is_empty()
    call_command("restore_claimsdb", str(path), verbosity=0)


@pytest.mark.parametrize("filename", ["claimsdb.json", "claimsdb.json.gz"])
def test_it_restores_every_row_and_field_into_an_empty_database(everything, tmp_path, filename):
    before = snapshot()
    assert [label for label in before if not before[label]] == [], "every table has rows"
    path = tmp_path / filename
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    restore_into_empty_database(path)
    after = snapshot()
    for label in before:
        assert after[label] == before[label], label


def test_it_keeps_assessment_history_and_who_did_what(everything, tmp_path):
    besieged = everything["claims"][1]
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    restore_into_empty_database(path)
    history = besieged.assessments.order_by("created_at", "id")
    assert [(a.status, a.editor.username) for a in history] == [
        ("unverified", "editor"),
        ("supported", "editor"),
    ]
    assert get_user_model().objects.get(username="editor").groups.get().name == "Editors"
    # New rows after a restore get fresh ids, not ones already used.
    sentence = besieged.anchors.get().sentence
    new = services.claim_create(sentence=sentence)
    assert new.pk > max(c.pk for c in everything["claims"])


def test_it_lists_an_anchor_edited_in_the_file_for_review(everything, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    rows = json.loads(path.read_text(encoding="utf-8"))
    anchor = next(row for row in rows if row["model"] == "claims.anchor")
    anchor["fields"]["exact"] = "Words that were never published."
    path.write_text(json.dumps(rows), encoding="utf-8")
    restore_into_empty_database(path)
    mismatched = Anchor.objects.mismatched()
    assert list(mismatched.values_list("pk", "state")) == [(anchor["pk"], "drifted")]


def test_it_works_out_which_claims_are_published_whatever_the_file_says(everything, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    shown = set(Claim.objects.published().values_list("pk", flat=True))
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["model"] == "claims.claim":
            row["fields"]["is_published"] = not row["fields"]["is_published"]
    path.write_text(json.dumps(rows), encoding="utf-8")
    restore_into_empty_database(path)
    assert set(Claim.objects.published().values_list("pk", flat=True)) == shown
    assert 0 < len(shown) < Claim.objects.count()  # make_corpus has a draft-only claim


def test_it_restores_a_dump_from_before_anchors_recorded_their_source(everything, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    sources = dict(Anchor.objects.values_list("pk", "source"))
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["model"] == "claims.anchor":
            del row["fields"]["source"]
        if row["model"] == "claims.claim":
            del row["fields"]["is_published"]
    path.write_text(json.dumps(rows), encoding="utf-8")
    restore_into_empty_database(path)
    assert dict(Anchor.objects.values_list("pk", "source")) == sources
    assert Claim.objects.published().count() == Claim.objects.count() - 1  # the draft


def test_it_writes_plain_fixture_json_that_loaddata_reads(everything, tmp_path):
    path = tmp_path / "dump.json.gz"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    objects = json.loads(gzip.decompress(path.read_bytes()))
    models = {obj["model"] for obj in objects}
    assert {"claims.assessment", "claims.mention", "claims.anchor", "auth.user"} <= models
    before = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert snapshot() == before


def test_it_refuses_to_restore_over_existing_content(everything, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    before = snapshot()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_claimsdb", str(path))
    assert snapshot() == before


def test_it_explains_a_missing_or_misnamed_file(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore_claimsdb", str(tmp_path / "absent.json"))
    with pytest.raises(CommandError, match=r"\.json"):
        call_command("restore_claimsdb", str(tmp_path / "dump.csv"))


def _corrupt_dumps(text):
    """A good dump's text changed the ways a damaged or foreign file differs."""
    objects = json.loads(text)
    claim = next(obj for obj in objects if obj["model"] == "claims.claim")
    assessment = next(obj for obj in objects if obj["model"] == "claims.assessment")
    yield "truncated", text[: len(text) // 2]
    yield "not a dump", json.dumps({"claims": []})
    yield "unknown table", json.dumps([{"model": "claims.rumour", "pk": 1, "fields": {}}])
    bad_kind = [dict(obj) for obj in objects]
    bad_kind[objects.index(claim)] = {**claim, "fields": {**claim["fields"], "kind": "gossip"}}
    yield "a value the database refuses", json.dumps(bad_kind)
    unknown_editor = [dict(obj) for obj in objects]
    unknown_editor[objects.index(assessment)] = {
        **assessment,
        "fields": {**assessment["fields"], "editor": ["nobody"]},
    }
    yield "a user it does not hold", json.dumps(unknown_editor)


def test_it_refuses_a_damaged_or_foreign_file_and_loads_nothing(everything, tmp_path):
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    good = path.read_text(encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)
    for case, text in _corrupt_dumps(good):
        damaged = tmp_path / "damaged.json"
        damaged.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match="Nothing was loaded") as refused:
            call_command("restore_claimsdb", str(damaged), verbosity=0)
        assert "Traceback" not in str(refused.value), case
        assert dump.is_empty(), case


def test_it_dumps_every_table_of_the_claims_app():
    # A table added later must be added to the dump, or the round trip loses it.
    assert dump.claims_models_not_dumped() == []


def test_it_dumps_in_a_number_of_queries_that_does_not_grow_with_the_rows(everything, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        "".join(dump.dump_chunks())
    make_corpus(editor=editor)
    make_corpus(editor=editor)
    with CaptureQueriesContext(connection) as large:
        "".join(dump.dump_chunks())
    assert len(large) == len(small)


def test_it_writes_the_same_objects_as_djangos_serializer(everything):
    from django.core.serializers.python import Serializer

    def normal(objects):
        text = json.dumps(list(objects), cls=dump.FullPrecisionEncoder, sort_keys=True)
        rows = json.loads(text)
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list) and all(isinstance(v, int) for v in value):
                    row["fields"][name] = sorted(value)  # m2m order is not data
        return rows

    for model in dump.dump_models():
        if model._meta.app_label != "claims":
            continue
        ours = [obj for chunk in dump._fixture_chunks(model, {}) for obj in chunk]
        django = Serializer().serialize(
            model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        assert normal(ours) == normal(django), model._meta.label
