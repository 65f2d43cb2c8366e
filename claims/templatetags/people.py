"""{{ user|display_name }} (claims/people.py), loaded as a template builtin
(settings.TEMPLATES) so that no template needs to show a login name."""

from django import template

from ..people import display_name

register = template.Library()
register.filter("display_name", display_name)
