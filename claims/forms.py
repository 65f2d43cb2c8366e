"""Editors' forms: creating, editing and assessing claims, citing evidence,
and turning a mention candidate into an actor or place.

Forms only validate and translate input into service arguments; every write
happens in claims.services.
"""

import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .anchoring import find_quote
from .ingest.quantities import suggest_quantities
from .models import (
    Actor,
    Anchor,
    Claim,
    Event,
    Evidence,
    EvidenceStatus,
    Place,
    Quantity,
    Sentence,
    Source,
)

# How many names a picker offers before anything is typed (pages without
# JavaScript see only these; with it, the list follows what is typed).
PICKER_OPTIONS = 300
# The longest name or title an actor, place or event has (their max_length).
MAX_NAME = 300


class EntityPicker(forms.Widget):
    """Chosen entities as ticked checkboxes, plus a text box with a <datalist>
    to add one more by name. Works without JavaScript; editing.js fills the
    datalist from the autocomplete endpoint and turns a pick into a checkbox."""

    def __init__(self, queryset, kind, *, multiple=True, attrs=None):
        super().__init__(attrs)
        self.queryset, self.kind, self.multiple = queryset, kind, multiple

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty list means "none", not "unchanged"

    def format_value(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        chosen = []
        for item in values:
            if isinstance(item, str) and not item.strip():
                continue
            if hasattr(item, "slug"):
                chosen.append((item.slug, str(item)))
            else:
                chosen.append((str(item), str(item)))
        return chosen

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        input_id = attrs.get("id", f"id_{name}")
        chips = format_html_join(
            "",
            '<li><label><input type="checkbox" name="{}" value="{}" checked> {}</label></li>',
            ((name, slug, label) for slug, label in self.format_value(value)),
        )
        options = format_html_join(
            "",
            '<option value="{}"></option>',
            ((str(obj),) for obj in self.queryset.all()[:PICKER_OPTIONS]),
        )
        placeholder = "Type a name to add" if self.multiple else "Type a name"
        return format_html(
            '<div class="entity-picker" data-kind="{kind}" data-autocomplete="{url}" '
            'data-multiple="{multiple}">'
            '<ul class="picker-chosen">{chips}</ul>'
            '<input type="text" name="{name}" id="{id}" list="{id}-options" '
            'placeholder="{placeholder}" autocomplete="off"{aria}>'
            '<datalist id="{id}-options">{options}</datalist></div>',
            kind=self.kind,
            url=reverse("autocomplete", args=[self.kind]),
            multiple="true" if self.multiple else "false",
            chips=chips,
            name=name,
            id=input_id,
            placeholder=placeholder,
            # Help text and error descriptions, as Django gives any other widget.
            aria=flatatt({key: val for key, val in attrs.items() if key.startswith("aria-")}),
            options=options,
        )


class EntityListField(forms.Field):
    """Actors, places or events named by slug, name or alias."""

    def __init__(self, model, kind, *, multiple=True, **kwargs):
        self.model, self.kind, self.multiple = model, kind, multiple
        self.name_field = "title" if model is Event else "name"
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", EntityPicker(model.objects.order_by(self.name_field), kind, multiple=multiple)
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        names = []
        for item in values:
            item = str(item).strip() if item is not None else ""
            # clean() is this field's own, so Django's validators never run:
            # the NUL check here too (claims.middleware refuses it first).
            ProhibitNullCharactersValidator()(item)
            if len(item) > MAX_NAME:
                raise ValidationError(f"A name is at most {MAX_NAME} characters long.")
            if item and item not in names:
                names.append(item)
        return names

    def clean(self, value):
        names = self.to_python(value)
        if not self.multiple and len(names) > 1:
            # The text box comes after the current choice: what was typed replaces it.
            names = names[-1:]
        objects, errors = [], []
        for name in names:
            try:
                obj = self._resolve(name)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if obj not in objects:
                    objects.append(obj)
        if errors:
            raise ValidationError(errors)
        if self.required and not objects:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.multiple:
            return objects
        return objects[0] if objects else None

    def _resolve(self, name):
        model = self.model
        noun = model._meta.verbose_name
        found = model.objects.filter(slug=name).first()
        if found:
            return found
        by_name = Q(**{f"{self.name_field}__iexact": name})
        if model is not Event:
            by_name |= Q(aliases__name__iexact=name)
        matches = list(model.objects.filter(by_name).distinct()[:6])
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(f"{obj} ({obj.slug})" for obj in matches)
            raise ValidationError(
                f"“{name}” matches several {model._meta.verbose_name_plural}: {listed}. "
                "Type the one you mean as it is shown in brackets."
            )
        raise ValidationError(
            f"There is no {noun} called “{name}”. Pick one from the list; "
            f"an admin can add a new {noun}."
        )


class ClaimLinksForm(forms.Form):
    """Statement, kind, attribution and links: shared by create and edit."""

    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A short, neutral wording of what is claimed.",
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices, initial=Claim.Kind.FACTUAL)
    attributed_to = EntityListField(
        Actor,
        "actors",
        multiple=False,
        help_text="Who asserts it: the author, or the actor the text quotes.",
    )
    actors = EntityListField(Actor, "actors")
    places = EntityListField(Place, "places")
    events = EntityListField(Event, "events")

    def clean_statement(self):
        statement = self.cleaned_data["statement"].strip()
        if not statement:
            raise ValidationError("Write the statement, or keep the quote as it is.")
        return statement


class ClaimCreateForm(ClaimLinksForm):
    """A claim from a sentence, a part of one, or a passage over several.

    `start`/`end` are offsets into the source text (set by the reader from a
    selection, which may cross sentences: each sentence then gets its own
    anchor). They are used only if the text there is still the quote the
    editor saw; otherwise the quote is looked up inside `sentence`, so a
    quote shortened by hand works, and a selection from a page whose text has
    changed since is refused rather than anchored to other words.
    """

    source = forms.SlugField(required=False, max_length=255, widget=forms.HiddenInput)
    sentence = forms.ModelChoiceField(
        queryset=Sentence.objects.select_related("source"),
        required=False,
        widget=forms.HiddenInput,
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    quote = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The exact words of the sentence the claim stands on. "
        "Shorten it to the part you mean; it must be copied from the sentence.",
    )

    field_order = ["source", "sentence", "start", "end", "quote", "statement", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].required = False
        self.fields["statement"].help_text = "Defaults to the quote."

    def clean_statement(self):
        return self.cleaned_data["statement"].strip()

    def clean(self):
        cleaned = super().clean()
        quote = cleaned.get("quote")
        if quote is None or "sentence" in self.errors:
            return cleaned
        if not quote.strip():
            self.add_error("quote", "The quote cannot be empty: select words inside the article.")
            return cleaned
        sentence = cleaned.get("sentence")
        source = sentence.source if sentence else _source_by_slug(cleaned.get("source"))
        if source is None:
            self.add_error(None, "This article is no longer here; start again from the reader.")
            return cleaned
        try:
            spans = selected_spans(
                source, quote, cleaned.get("start"), cleaned.get("end"), sentence=sentence
            )
        except ValidationError as exc:
            self.add_error("quote", exc)
            return cleaned
        cleaned["spans"] = spans
        cleaned["sentence"], cleaned["start"], cleaned["end"] = spans[0]
        if not cleaned.get("statement"):
            text = source.text
            cleaned["statement"] = " ".join(text[spans[0][1] : spans[-1][2]].split())
        return cleaned


def _source_by_slug(slug):
    return Source.objects.filter(slug=slug).first() if slug else None


def same_words(a, b):
    """True when two texts differ at most in whitespace: a selection in the
    page loses the paragraph breaks the stored text has between paragraphs."""
    return a.split() == b.split()


def selected_spans(source, quote, start, end, *, sentence=None):
    """The (sentence, start, end) spans a quote stands on, one per sentence.

    Offsets are trusted when the source text there reads as `quote`; each
    sentence they cover gets the part inside it, without the spaces a mouse
    selection takes at its ends. Otherwise `quote` is looked up in
    `sentence`. Raises ValidationError with a message for the editor.
    """
    text = source.text
    offsets_hold = start is not None and end is not None and 0 <= start < end <= len(text)
    if offsets_hold and same_words(text[start:end], quote):
        covered = source.sentences.filter(start__lt=end, end__gt=start).order_by("index")
        spans = []
        for covering in covered:
            a, b = max(start, covering.start), min(end, covering.end)
            piece = text[a:b]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            if a < b:
                spans.append((covering, a, b))
        if spans:
            return spans
        raise ValidationError("Select words inside the article's sentences.")
    stripped = quote.strip()
    if sentence is None:
        raise ValidationError(
            "The article's text at this place no longer reads as the words you selected "
            "(it may have changed since the page was loaded). Nothing was saved: "
            "reload the article and select the passage again."
        )
    near = (start - sentence.start) if start is not None else None
    found = find_quote(sentence.text, stripped, near=near)
    if found is None:
        raise ValidationError(
            "The quote must be copied exactly from the sentence "
            "(it can be shortened, not reworded)."
        )
    return [(sentence, sentence.start + found[0], sentence.start + found[1])]


class ClaimEditForm(ClaimLinksForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_claim(cls, claim):
        return cls(
            initial={
                "version": claim.version,
                "statement": claim.statement,
                "kind": claim.kind,
                "attributed_to": claim.attributed_to,
                "actors": list(claim.actors.all()),
                "places": list(claim.places.all()),
                "events": list(claim.events.all()),
            }
        )


class QuantityForm(forms.Form):
    """One quantity row. Suggested rows are used only when ticked; a row typed
    by hand is used as soon as it has text."""

    accept = forms.BooleanField(required=False, label="Add")
    suggested = forms.BooleanField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "1,300 troops"}),
    )
    value = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    value_max = forms.DecimalField(
        required=False, max_digits=20, decimal_places=4, label="up to (range)"
    )
    unit = forms.CharField(required=False, max_length=60)
    qualifier = forms.ChoiceField(
        choices=Quantity.Qualifier.choices, initial=Quantity.Qualifier.EXACT
    )

    def wanted(self):
        data = self.cleaned_data
        if data.get("suggested"):
            return bool(data.get("accept"))
        return bool(data.get("accept") or data.get("text") or data.get("value") is not None)

    def clean(self):
        cleaned = super().clean()
        if not self.wanted():
            return cleaned
        if not cleaned.get("text"):
            self.add_error("text", "Copy the quantity as written.")
        if cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", "Give the number.")
        low, high = cleaned.get("value"), cleaned.get("value_max")
        if low is not None and high is not None and high < low:
            self.add_error("value_max", "The upper end must not be below the number.")
        return cleaned

    def quantity(self):
        data = self.cleaned_data
        return {
            "text": data["text"],
            "value": data["value"],
            "value_max": data.get("value_max"),
            "unit": data.get("unit", ""),
            "qualifier": data.get("qualifier") or Quantity.Qualifier.EXACT,
        }


QuantityFormSet = forms.formset_factory(QuantityForm, extra=0, max_num=50, absolute_max=50)


def quantity_formset(*, data=None, suggestions=(), blank_rows=1):
    """Suggested quantities (not yet accepted) followed by blank rows to type into."""
    initial = [{**row, "suggested": True, "accept": False} for row in suggestions]
    initial += [{"qualifier": Quantity.Qualifier.EXACT}] * blank_rows
    return QuantityFormSet(data=data, initial=initial, prefix="quantities")


def quantity_suggestions(text):
    """Quantities the import's suggester finds in `text`, as QuantityForm initial data."""
    return [found.as_dict() for found in suggest_quantities(text)]


def accepted_quantities(formset):
    return [form.quantity() for form in formset if form.wanted()]


class _StatusForm(forms.Form):
    status = forms.ChoiceField(choices=EvidenceStatus.choices, label="Evidence status")
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this status: required for every status but unassessed.",
    )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        cleaned["rationale"] = (cleaned.get("rationale") or "").strip()
        if status and status != EvidenceStatus.UNASSESSED and not cleaned["rationale"]:
            self.add_error("rationale", "Say why: a rationale is required for this status.")
        return cleaned


class AssessmentForm(_StatusForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


_PASSAGE_PATTERNS = [
    re.compile(r"/sources/(?P<slug>[-\w]+)/?#s-(?P<index>\d+)$"),
    re.compile(r"^(?P<slug>[-\w]+)#s-(?P<index>\d+)$"),
    re.compile(r"/claims/(?P<claim>\d+)/?$"),
]


# The stance evidence usually takes for a status: editing.js preselects it
# when the editor picks the status. Statuses not named here suggest nothing.
STANCE_FOR_STATUS = {
    EvidenceStatus.SUPPORTED: Evidence.Stance.SUPPORTS,
    EvidenceStatus.PARTLY_SUPPORTED: Evidence.Stance.SUPPORTS,
    EvidenceStatus.DISPUTED: Evidence.Stance.CONTRADICTS,
    EvidenceStatus.REFUTED: Evidence.Stance.CONTRADICTS,
}


# The longest search for a sentence to cite (the site search's limit too).
MAX_SENTENCE_QUERY = 200


def citable_sentences(user):
    """Sentences `user` may cite: those of published sources, and of
    unpublished ones for accounts that may view sources (editors, admins)."""
    sentences = Sentence.objects.select_related("source").defer("source__text", "source__raw")
    if user is None or not user.has_perm("claims.view_source"):
        sentences = sentences.filter(source__is_published=True)
    return sentences


class EvidenceForm(forms.Form):
    """Optional evidence given with an assessment: a reference, a sentence of
    another stored source (found by searching, or its reader link pasted), or
    another claim's address; a reference may come with a passage.

    The stance starts unchosen: a preselected "supports" was saved unnoticed
    with evidence refuting a claim. It is required as soon as evidence is given."""

    stance = forms.ChoiceField(
        choices=[("", "Choose…"), *Evidence.Stance.choices],
        required=False,
        widget=forms.Select(attrs={"data-stance-for": json.dumps(STANCE_FOR_STATUS)}),
    )
    # A text box, not type=url: a rejected address shown again must stay valid HTML.
    url = forms.URLField(
        required=False,
        max_length=1000,
        label="Link",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=300)
    published_on = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    # Only searched with (views.editing._sentence_search checks its length):
    # whatever is left in the box never stops an assessment being saved.
    sentence_q = forms.CharField(
        required=False,
        label="Find a sentence in another source",
        help_text="Words of the sentence; choose it from the sentences found.",
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "maxlength": MAX_SENTENCE_QUERY}
        ),
    )
    # Chosen among the sentences found: radio buttons the page lists with them
    # (templates/claims/editing/_sentence_choices.html), not this widget.
    sentence = forms.IntegerField(required=False, min_value=1)
    passage = forms.CharField(
        required=False,
        max_length=1000,
        label="Or paste a passage’s address",
        help_text="A sentence link from the reader (…/sources/slug/#s-12) or a claim's address.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_sentence(self):
        pk = self.cleaned_data["sentence"]
        if pk is None:
            return None
        sentence = citable_sentences(self.user).filter(pk=pk).first()
        if sentence is None:
            # Unpublished and out of reach says the same as missing: nothing disclosed.
            raise ValidationError(
                "The sentence you chose is not stored (any more): its article may have a "
                "new version. Search for it again."
            )
        return sentence

    def clean_passage(self):
        passage = self.cleaned_data["passage"].strip()
        if not passage:
            return None
        split = urlsplit(passage)
        path = split.path + (f"#{split.fragment}" if split.fragment else "")
        for pattern in _PASSAGE_PATTERNS:
            match = pattern.search(path)
            if not match:
                continue
            if match.groupdict().get("claim"):
                anchor = Anchor.objects.filter(claim_id=match["claim"]).order_by("id").first()
                if anchor is None:
                    raise ValidationError(f"There is no claim #{match['claim']}.")
                return {"anchor": anchor}
            sentence = (
                citable_sentences(self.user)
                .filter(source__slug=match["slug"], index=match["index"])
                .first()
            )
            if sentence is None:
                raise ValidationError(
                    f"There is no sentence {match['index']} in a source “{match['slug']}”."
                )
            return {"sentence": sentence}
        raise ValidationError(
            "Paste a sentence link from the reader (it ends in #s- and a number) "
            "or a claim's address (/claims/ and a number)."
        )

    def is_blank(self):
        data = self.cleaned_data
        return not any(
            data.get(f) for f in ("url", "title", "publisher", "published_on", "note", "sentence")
        ) and (data.get("passage") is None)

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.is_blank():
            return cleaned
        if cleaned.get("sentence") and cleaned.get("passage"):
            raise ValidationError(
                "Cite one passage at a time: the sentence chosen from the search, or the "
                "address pasted, not both. Clear one of them."
            )
        if not (
            cleaned.get("url")
            or cleaned.get("title")
            or cleaned.get("passage")
            or cleaned.get("sentence")
        ):
            raise ValidationError(
                "Evidence needs something to point at: a link, a title, a sentence of "
                "another source, or a passage in claimsdb."
            )
        if not cleaned.get("stance"):
            self.add_error(
                "stance",
                "Choose the stance of this evidence: does it support the claim, "
                "contradict it, or give context?",
            )
        return cleaned

    def evidence(self):
        """Arguments for services.evidence_add, or None when nothing was given."""
        if self.is_blank():
            return None
        data = self.cleaned_data
        fields = {key: data[key] for key in ("url", "title", "publisher", "published_on", "note")}
        fields["stance"] = data["stance"]
        fields.update(data.get("passage") or {})
        if data.get("sentence"):
            fields["sentence"] = data["sentence"]
        return fields


class BulkAssessmentForm(_StatusForm):
    """One status and one rationale for several claims chosen in the browser."""

    claims = forms.ModelMultipleChoiceField(
        queryset=Claim.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Tick at least one claim first."},
    )

    def clean(self):
        cleaned = super().clean()
        # Without the version the editor saw there is no telling whether the
        # claim changed since: refuse it rather than skip the check.
        unversioned = [
            claim.pk
            for claim in cleaned.get("claims", ())
            if not self.data.get(f"version-{claim.pk}", "").isdigit()
        ]
        if unversioned:
            numbers = ", ".join(f"#{pk}" for pk in unversioned)
            self.add_error(
                "claims",
                f"Claim {numbers} was sent without the version you saw, so a change made "
                "meanwhile could not be noticed. Reload the list and tick it again.",
            )
        return cleaned

    def expected_versions(self):
        """The version of each claim as listed when the editor ticked it."""
        return {
            claim.pk: int(self.data[f"version-{claim.pk}"])
            for claim in self.cleaned_data.get("claims", ())
        }


class _EntityFromMentionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self._meta.model.objects.order_by("name")


class ActorFromMentionForm(_EntityFromMentionForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "parent", "description", "wikidata_id"]


class PlaceFromMentionForm(_EntityFromMentionForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "geo_precision",
            "geonames_id",
            "country_code",
            "description",
        ]

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, "Give both latitude and longitude, or neither.")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", "Latitude lies between -90 and 90.")
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", "Longitude lies between -180 and 180.")
        return cleaned


# GeoNames feature codes (by prefix) to place kinds.
_FEATURE_KINDS = [
    ("PCL", Place.Kind.COUNTRY),
    ("ADM", Place.Kind.REGION),
    ("PPL", Place.Kind.SETTLEMENT),
    ("MILB", Place.Kind.BASE),
    ("INSM", Place.Kind.BASE),
    ("AIRB", Place.Kind.BASE),
]


def _candidate_value(candidate, *keys):
    for key in keys:
        if candidate.get(key) not in (None, ""):
            return candidate[key]
    return None


def place_initial(mention):
    """Place fields prefilled from a mention's gazetteer candidate."""
    candidate = mention.candidate or {}
    latitude = _candidate_value(candidate, "latitude", "lat")
    longitude = _candidate_value(candidate, "longitude", "lon", "lng")
    feature = str(_candidate_value(candidate, "feature_code", "feature") or "").upper()
    kind = candidate.get("kind") if candidate.get("kind") in Place.Kind.values else None
    if kind is None:
        kind = next((k for prefix, k in _FEATURE_KINDS if feature.startswith(prefix)), None)
    if kind is None and str(candidate.get("feature_class", "")).upper() == "H":
        kind = Place.Kind.WATER
    initial = {
        "name": _candidate_value(candidate, "name") or mention.surface,
        "kind": kind or Place.Kind.SETTLEMENT,
        "geonames_id": _candidate_value(candidate, "geonames_id", "geonameid"),
        "country_code": str(_candidate_value(candidate, "country_code", "countrycode") or "")[:2],
        "latitude": _as_float(latitude),
        "longitude": _as_float(longitude),
        "description": _candidate_value(candidate, "description") or "",
    }
    if initial["latitude"] is not None and initial["longitude"] is not None:
        initial["geo_precision"] = Place.GeoPrecision.EXACT
    return initial


def actor_initial(mention):
    candidate = mention.candidate or {}
    kind = candidate.get("kind") if candidate.get("kind") in Actor.Kind.values else Actor.Kind.OTHER
    return {
        "name": _candidate_value(candidate, "name") or mention.surface,
        "kind": kind,
        "description": _candidate_value(candidate, "description") or "",
        "wikidata_id": _candidate_value(candidate, "wikidata_id") or "",
    }


def _as_float(value):
    try:
        return float(Decimal(str(value))) if value is not None else None
    except ArithmeticError:
        return None


class ClaimSuggestionAcceptForm(forms.Form):
    """Edit-then-accept: every field optional; an empty one keeps the suggestion's own."""

    statement = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A short, neutral wording; empty: the quote.",
    )
    kind = forms.ChoiceField(choices=[("", "as suggested"), *Claim.Kind.choices], required=False)
    quote = forms.CharField(
        required=False,
        strip=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shorten or lengthen the quote: it must be words of the same sentence.",
    )


class ClaimSuggestionSplitForm(forms.Form):
    split_before = forms.CharField(
        max_length=300,
        label="Split before",
        help_text="The words the second part begins with, as they stand in the quote.",
        error_messages={"required": "Type the words the second part begins with."},
    )
