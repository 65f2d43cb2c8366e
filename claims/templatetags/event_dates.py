from django import template

from ..dates import describe_event_dates

register = template.Library()


@register.filter
def event_when(event):
    """{{ event|event_when }}: "December 2016", "November 2016 – January 2017", "unknown date"."""
    return describe_event_dates(event)
