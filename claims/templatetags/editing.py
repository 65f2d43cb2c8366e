"""Editors' controls as small template tags, so the reader, claim page and
claim browser include them with one line and stay unaware of forms and
permissions. Every tag renders nothing for visitors who may not edit."""

from django import template
from django.utils.html import format_html, format_html_join

from ..forms import AssessmentForm, BulkAssessmentForm, EvidenceForm
from ..models import Claim
from ..permissions import can_edit

register = template.Library()


@register.simple_tag
def quote_in_sentence(sentence, start, end):
    """The sentence with source-text offsets start..end marked, all escaped."""
    try:
        span = (int(start) - sentence.start, int(end) - sentence.start)
    except (TypeError, ValueError):
        return sentence.text
    return _marked(sentence.text, [span])


def _marked(text, spans):
    """`text` with each (start, end) span in it (offsets into `text`) inside a
    <mark>, all escaped. Spans outside the text are left out; overlapping ones
    make one mark."""
    spans = sorted((start, end) for start, end in spans if 0 <= start < end <= len(text))
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    if not merged:
        return text
    pieces, at = [], 0
    for start, end in merged:
        pieces.append((text[at:start], text[start:end]))
        at = end
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[at:])


@register.inclusion_tag("claims/editing/_claim_quotes.html")
def claim_quotes(anchors):
    """What an editor judges: each sentence a claim quotes, with the claim's
    exact words marked. `anchors` come with their sentence and source
    (select_related), so this costs no query.

    An anchor whose offsets no longer hold its quote (drifted or orphaned)
    marks nothing: its stored quote is shown beside the sentence instead."""
    entries = {}
    for anchor in anchors:
        sentence = anchor.sentence
        entry = entries.setdefault(sentence.pk, {"sentence": sentence, "spans": [], "lost": []})
        span = (anchor.start - sentence.start, anchor.end - sentence.start)
        if 0 <= span[0] < span[1] <= len(sentence.text) and (
            sentence.text[span[0] : span[1]] == anchor.exact
        ):
            entry["spans"].append(span)
        else:
            entry["lost"].append(anchor)
    for entry in entries.values():
        entry["html"] = _marked(entry["sentence"].text, entry["spans"])
    return {"entries": list(entries.values())}


@register.inclusion_tag("claims/editing/_user_nav.html", takes_context=True)
def user_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "request": request,
        "user": user,
        "is_editor": bool(user and can_edit(user)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("claims/editing/_claim_controls.html", takes_context=True)
def claim_editor_controls(context, claim):
    """Assess-and-cite form plus an edit link, for editors, on the claim page."""
    user = context["request"].user
    if not can_edit(user):
        return {"show": False}
    return {
        "show": True,
        "claim": claim,
        "form": AssessmentForm(initial={"version": claim.version, "status": claim.status}),
        "evidence_form": EvidenceForm(prefix="evidence"),
        "can_change": user.has_perm("claims.change_claim"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("claims/editing/_reader_controls.html", takes_context=True)
def reader_editor_controls(context, source):
    """The create-a-claim form on the reader (editors only)."""
    request = context["request"]
    return {
        "show": request.user.is_authenticated and request.user.has_perm("claims.add_claim"),
        "source": source,
        "kinds": Claim.Kind.choices,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("claims/editing/_bulk_form.html", takes_context=True)
def bulk_assess_form(context):
    """One status and rationale for the claims ticked in the list (editors only).

    The checkboxes ({% bulk_select claim %}) sit in the rows and join this
    form through their form="bulk-assess" attribute."""
    request = context["request"]
    show = can_edit(request.user)
    return {
        "show": show,
        "form": BulkAssessmentForm() if show else None,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("claims/editing/_bulk_select.html", takes_context=True)
def bulk_select(context, claim):
    return {"show": can_edit(context["request"].user), "claim": claim}


@register.inclusion_tag("claims/editing/_history.html")
def claim_history(claim):
    """Every assessment, every piece of evidence and every edit, newest first."""
    entries = []
    for assessment in claim.assessments.select_related("editor"):
        entries.append(
            {"when": assessment.created_at, "who": assessment.editor, "assessment": assessment}
        )
    for evidence in claim.evidence.select_related(
        "added_by", "anchor__sentence__source", "source", "sentence"
    ).defer("source__text", "source__raw"):
        entries.append(
            {"when": evidence.created_at, "who": evidence.added_by, "evidence": evidence}
        )
    for edit in claim.edits.select_related("editor"):
        entries.append({"when": edit.created_at, "who": edit.editor, "changes": _describe(edit)})
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return {"claim": claim, "entries": entries}


@register.inclusion_tag("claims/editing/_edit_history.html")
def claim_edit_history(claim):
    """Who changed the claim's statement, kind, links or anchor, and how; newest first."""
    edits = claim.edits.select_related("editor").order_by("-created_at", "-id")
    return {
        "edits": [
            {"when": edit.created_at, "who": edit.editor, "changes": _describe(edit)}
            for edit in edits
        ]
    }


def _describe(edit):
    """Readable lines for a ClaimEdit's changes: from/to for values, added/removed for links."""
    lines = []
    for field, change in edit.changes.items():
        label = field.replace("_", " ")
        before, after = change.get("from"), change.get("to")
        if isinstance(before, list) or isinstance(after, list):
            before, after = before or [], after or []
            added = [name for name in after if name not in before]
            removed = [name for name in before if name not in after]
            lines.append({"label": label, "added": added, "removed": removed})
        else:
            if field == "kind":
                before, after = _kind_label(before), _kind_label(after)
            lines.append({"label": label, "from": before, "to": after})
    return lines


def _kind_label(value):
    return dict(Claim.Kind.choices).get(value, value)
