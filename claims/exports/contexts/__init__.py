"""JSON-LD contexts kept in the repository, so JSON-LD can be expanded with
no network (tests do this with pyld).

- anno.jsonld: the W3C Web Annotation context as published at
  http://www.w3.org/ns/anno.jsonld (W3C Recommendation, 23 February 2017),
  under the W3C Software and Document License. Refresh it from that address.
- schema.org.jsonld: NOT the schema.org context (which defines thousands of
  terms) but a minimal stand-in with the same effect on ClaimReview: every
  term maps into http://schema.org/ through @vocab, and `url`/`sameAs` are
  IRIs, as in the real context.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

CONTEXTS = {
    "http://www.w3.org/ns/anno.jsonld": HERE / "anno.jsonld",
    "https://www.w3.org/ns/anno.jsonld": HERE / "anno.jsonld",
    "http://schema.org": HERE / "schema.org.jsonld",
    "http://schema.org/": HERE / "schema.org.jsonld",
    "https://schema.org": HERE / "schema.org.jsonld",
    "https://schema.org/": HERE / "schema.org.jsonld",
}


def document_loader(url, options=None):
    """A pyld document loader that serves the contexts above and refuses anything else."""
    path = CONTEXTS.get(url)
    if path is None:
        from pyld.jsonld import JsonLdError  # pyld is a development dependency

        raise JsonLdError(
            f"No local copy of {url}; claimsdb expands JSON-LD offline.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(path.read_text(encoding="utf-8")),
    }
