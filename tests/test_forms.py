"""claims/forms.py, below the views: the entity pickers' own validation."""

import pytest
from django.http import QueryDict

from claims.forms import MAX_NAME, ClaimLinksForm
from claims.models import Actor
from tests.factories import make_actor


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
