"""Editors' forms (claims/forms.py): what they accept and what they refuse."""

import pytest

from claims.forms import STANCE_FOR_STATUS, EvidenceForm


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
