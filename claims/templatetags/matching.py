"""The claim page's "Also claimed in" section, as one tag: {% also_claimed claim %}."""

from django import template

from ..matching import claim_page_matches
from ..permissions import can_edit

register = template.Library()


@register.inclusion_tag("claims/includes/also_claimed.html", takes_context=True)
def also_claimed(context, claim):
    """Confirmed relations to claims of other sources for everyone; proposed
    matches and the forms to decide them for editors only."""
    request = context["request"]
    editor = can_edit(request.user) and request.user.has_perm("claims.change_claimmatch")
    return {
        "claim": claim,
        "matches": claim_page_matches(claim, editor=editor),
        "editor": editor,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def percent(value):
    """0.634 -> "63%"."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""
