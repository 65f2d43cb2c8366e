"""Shared state of a corpus plan: one random generator, the rows in write order."""

import random

from django.utils.text import slugify


class Plan:
    """Rows to write, in order: every row's foreign keys point at rows before it."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables = {}
        self.editor_refs = []
        self.slugs = {}

    def add(self, label, obj):
        self.tables.setdefault(label, []).append(obj)
        return obj

    def slug(self, model_label, text):
        """A slug unique among this plan's rows of one model."""
        base = slugify(text)[:100] or model_label
        taken = self.slugs.setdefault(model_label, set())
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    def editor(self, obj, field):
        """Pick an editor for obj.field now; bound to a user row once users exist."""
        self.editor_refs.append(EditorRef(obj, field, self.rng.randrange(1000)))

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]


class EditorRef:
    def __init__(self, obj, field, index):
        self.obj, self.field, self.index = obj, field, index

    def resolve(self, editors):
        setattr(self.obj, self.field, editors[self.index % len(editors)])


def unique(items, key=id):
    """Items in order without repeats (unsaved model instances are not hashable)."""
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


def mean(values):
    values = list(values)
    return round(sum(values) / len(values), 5)
