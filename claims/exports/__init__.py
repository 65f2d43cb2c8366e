"""Open-data exports, one module per format (see docs/open-data.md).

Each export is a function returning an iterator of text chunks (or a dict,
for the small per-object JSON-LD documents), so views can stream large
files with StreamingHttpResponse instead of building them in memory.
Absolute links are made by a `build_url(path)` callable, usually
`request.build_absolute_uri`.
"""

CHUNK_SIZE = 500  # rows fetched per database round trip when streaming
