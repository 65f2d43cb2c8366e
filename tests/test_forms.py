"""Editors' forms (claims/forms.py): what they accept and what they refuse."""

import pytest
from django.http import QueryDict

from claims.forms import MAX_NAME, STANCE_FOR_STATUS, ClaimLinksForm, EvidenceForm
from claims.models import Actor
from tests.factories import make_actor


def evidence_form(**fields):
    return EvidenceForm(
        {f"evidence-{key}": value for key, value in fields.items()}, prefix="evidence"
    )


def test_it_offers_no_stance_until_one_is_chosen():
    field = EvidenceForm(prefix="evidence")["stance"]
    assert field.value() in (None, "")
    assert field.field.choices[0] == ("", "Choose…")


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.org/report"},
        {"title": "A report", "publisher": "Example"},
        {"url": "https://example.org/report", "note": "Page 4."},
    ],
)
def test_it_asks_for_the_stance_of_evidence_given(fields):
    form = evidence_form(**fields)
    assert not form.is_valid()
    assert form.errors["stance"] == [
        "Choose the stance of this evidence: does it support the claim, "
        "contradict it, or give context?"
    ]


def test_it_passes_the_stance_chosen_on():
    form = evidence_form(url="https://example.org/report", stance="contradicts")
    assert form.is_valid(), form.errors
    assert form.evidence()["stance"] == "contradicts"


def test_it_needs_no_stance_when_no_evidence_is_given():
    form = evidence_form(stance="")
    assert form.is_valid()
    assert form.evidence() is None


def test_it_suggests_the_stance_each_judging_status_implies():
    assert STANCE_FOR_STATUS == {
        "supported": "supports",
        "partly_supported": "supports",
        "disputed": "contradicts",
        "refuted": "contradicts",
    }


# The entity pickers' own validation, below the views.


def _form(**lists):
    data = QueryDict(mutable=True)
    data.update({"kind": "factual", "statement": "Said."})
    for name, values in lists.items():
        data.setlist(name, values)
    return ClaimLinksForm(data)


@pytest.mark.parametrize("field", ["actors", "places", "events", "attributed_to"])
def test_it_refuses_a_nul_in_an_entity_name_even_without_the_middleware(db, field):
    form = _form(**{field: ["a\x00b"]})
    assert not form.is_valid()
    assert form.errors[field] == ["Null characters are not allowed."]


def test_it_refuses_a_name_longer_than_any_entity_has(db):
    form = _form(actors=["x" * (MAX_NAME + 1)])
    assert not form.is_valid()
    assert form.errors["actors"] == [f"A name is at most {MAX_NAME} characters long."]


def test_it_still_finds_entities_by_name(db):
    make_actor("Islamic State")
    form = _form(actors=["Islamic State"])
    form.is_valid()
    assert "actors" not in form.errors
    assert form.cleaned_data["actors"] == [Actor.objects.get()]
