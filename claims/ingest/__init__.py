"""Article import: bytes in, verbatim text with sentences and suggestions out.

extract -> segment -> suggest are pure functions (no database writes);
pipeline.prepare_article runs them, claims.services.article_import stores
the result in one transaction.
"""


class ArticleRejected(ValueError):
    """The input cannot be imported; the message tells the user why, in their terms."""
