"""An offline base map, drawn on the server as SVG.

Country outlines come from Natural Earth through the npm package world-atlas
(static/vendor/world-atlas/countries-50m.json, ISC licence). The TopoJSON is
decoded once per process; the projected, clipped outline for a given view
is cached, so a page only pays for placing its own markers. Nothing is
loaded from another host, and the map needs no JavaScript.

Projection: equirectangular, with longitude scaled by the cosine of the
view's middle latitude, so shapes are true enough at the scale of a region.
"""

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings

ATLAS = settings.BASE_DIR / "static" / "vendor" / "world-atlas" / "countries-50m.json"
WIDTH = 1000  # SVG user units; the page scales the SVG to its column


@cache
def country_rings():
    """[(name, [ring of (lon, lat)], bbox)] for every country polygon ring."""
    topology = json.loads(ATLAS.read_text())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        for polygon in polygons:
            for indexes in polygon:
                for points in _split_at_antimeridian(ring(indexes)):
                    lons = [p[0] for p in points]
                    lats = [p[1] for p in points]
                    rings.append((name, points, (min(lons), min(lats), max(lons), max(lats))))
    return rings


def _split_at_antimeridian(points):
    """The ring as pieces that never jump across the ±180° meridian.

    A ring crossing it (Russia, Fiji) would otherwise be drawn with an edge
    spanning the whole map. An even number of jumps: cut the ring at each
    jump, joining the pieces that wrap past the ring's start. An odd number:
    the ring encloses a pole (Antarctica), so close it along the pole rather
    than across the map.
    """
    jumps = [i for i in range(len(points)) if abs(points[i][0] - points[i - 1][0]) > 180]
    if not jumps:
        return [points]
    start = jumps[0]
    rotated = points[start:] + points[:start]
    if len(jumps) % 2:
        pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
        return [rotated + [(rotated[-1][0], pole), (rotated[0][0], pole)]]
    pieces = [[rotated[0]]]
    for previous, point in zip(rotated, rotated[1:], strict=False):
        if abs(point[0] - previous[0]) > 180:
            pieces.append([])
        pieces[-1].append(point)
    return [piece for piece in pieces if len(piece) >= 3]


@dataclass(frozen=True)
class View:
    """A lon/lat window and how it maps to SVG units."""

    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self):
        return WIDTH / ((self.east - self.west) * self.cos)

    @property
    def cos(self):
        return math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self):
        return round((self.north - self.south) * self.kx, 1)

    def project(self, lon, lat):
        return (
            round((lon - self.west) * self.cos * self.kx, 1),
            round((self.north - lat) * self.kx, 1),
        )

    def projector(self):
        """project() with the view's constants worked out once, for many points."""
        west, north, cos, kx = self.west, self.north, self.cos, self.kx
        return lambda lon, lat: (round((lon - west) * cos * kx, 1), round((north - lat) * kx, 1))

    def contains(self, lon, lat):
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def viewbox(self):
        return f"0 0 {WIDTH} {self.height}"


def view_around(points, *, padding=0.15, min_span=2.0, max_ratio=1.0, min_ratio=0.45):
    """A View holding every (lon, lat) in `points` with a margin, at least
    `min_span` degrees across, with height/width kept between the ratios."""
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_pad = max((east - west) * padding, min_span / 2)
    lat_pad = max((north - south) * padding, min_span / 2)
    west, east = west - lon_pad, east + lon_pad
    south, north = max(south - lat_pad, -85.0), min(north + lat_pad, 85.0)
    cos = math.cos(math.radians((north + south) / 2))
    width, height = (east - west) * cos, north - south
    if height / width > max_ratio:  # too tall: widen
        extra = (height / max_ratio / cos - (east - west)) / 2
        west, east = west - extra, east + extra
    elif height / width < min_ratio:  # too flat: heighten
        extra = (width * min_ratio - height) / 2
        south, north = max(south - extra, -85.0), min(north + extra, 85.0)
    return View(round(west, 3), round(south, 3), round(east, 3), round(north, 3))


def _clip(points, view):
    """Sutherland–Hodgman: the part of a projected ring inside the view (with a
    margin, so clipped edges never show)."""
    margin = 10
    lo_x, lo_y, hi_x, hi_y = -margin, -margin, WIDTH + margin, view.height + margin
    edges = [
        (lambda p: p[0] >= lo_x, lambda a, b: _cross_x(a, b, lo_x)),
        (lambda p: p[0] <= hi_x, lambda a, b: _cross_x(a, b, hi_x)),
        (lambda p: p[1] >= lo_y, lambda a, b: _cross_y(a, b, lo_y)),
        (lambda p: p[1] <= hi_y, lambda a, b: _cross_y(a, b, hi_y)),
    ]
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, round(a[1] + t * (b[1] - a[1]), 1))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (round(a[0] + t * (b[0] - a[0]), 1), y)


OUTLINE_STEP = 2  # SVG units (of WIDTH) between the points of an outline


@lru_cache(maxsize=128)
def land_path(view):
    """SVG path data for the country outlines inside `view` (cached per view).

    Points are rounded to whole units (a thousandth of the map's width, about
    a pixel where the map is drawn) and a point within OUTLINE_STEP units of
    the last one kept is dropped: a view of a whole region drew 117 KB of
    outline at a tenth of a unit, most of the page."""
    parts = []
    for _, ring, (w, s, e, n) in country_rings():
        if e < view.west or w > view.east or n < view.south or s > view.north:
            continue
        projected = []
        for lon, lat in ring:
            x, y = view.project(lon, lat)
            point = (round(x), round(y))
            if (
                not projected
                or abs(point[0] - projected[-1][0]) + abs(point[1] - projected[-1][1])
                >= OUTLINE_STEP
            ):
                projected.append(point)
        projected = _clip(projected, view)
        if len(projected) < 3:
            continue
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
    return "".join(parts)


LABEL_FONT = 22  # SVG units; matches .map-svg .marker-label in browse.css
LABEL_CHAR = 0.6 * LABEL_FONT  # a generous average glyph width


def place_labels(markers, *, width=WIDTH, height, tries=None):
    """Greedy label placement: for each marker (in priority order), the first of
    right, left, above and below whose estimated box overlaps no marker and no
    label placed so far, and stays on the map; None when all four would. Each marker is a dict
    with x, y, r and text; returns one placement dict (or None) per marker,
    with x, y, anchor and box (x0, y0, x1, y1). With `tries`, only the first
    `tries` markers are offered a label (every marker stays an obstacle): on a
    crowded map the later ones seldom find room, and testing them was most of
    the time.

    Boxes placed so far are kept in a grid of cells, so a candidate is tested
    against its neighbours only: the result is the same as testing it against
    every box, but a thousand markers take milliseconds, not a million tests.
    """
    # Markers are obstacles too, so a name never hides another place's marker.
    placed = _BoxGrid()
    for m in markers:
        placed.add((m["x"] - m["r"], m["y"] - m["r"], m["x"] + m["r"], m["y"] + m["r"]))
    result = []
    for marker in markers[:tries]:
        x, y, r = marker["x"], marker["y"], marker["r"]
        w, h = len(marker["text"]) * LABEL_CHAR, LABEL_FONT
        gap = r + 4
        candidates = [  # (text x, baseline y, text-anchor, box)
            (x + gap, y + 7, "start", (x + gap, y - h / 2, x + gap + w, y + h / 2)),
            (x - gap, y + 7, "end", (x - gap - w, y - h / 2, x - gap, y + h / 2)),
            (x, y - gap - 5, "middle", (x - w / 2, y - gap - h, x + w / 2, y - gap)),
            (x, y + gap + h - 5, "middle", (x - w / 2, y + gap, x + w / 2, y + gap + h)),
        ]
        choice = None
        for tx, ty, anchor, box in candidates:
            x0, y0, x1, y1 = box
            if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
                continue
            if placed.overlaps(box):
                continue
            choice = {"x": round(tx, 1), "y": round(ty, 1), "anchor": anchor, "box": box}
            placed.add(box)
            break
        result.append(choice)
    return result + [None] * (len(markers) - len(result))


class _BoxGrid:
    """Boxes (x0, y0, x1, y1) filed under every grid cell they touch."""

    CELL = 100  # SVG units: about four label heights

    def __init__(self):
        self.cells = {}

    def _cells(self, box):
        c = self.CELL
        return [
            (i, j)
            for i in range(int(box[0] // c), int(box[2] // c) + 1)
            for j in range(int(box[1] // c), int(box[3] // c) + 1)
        ]

    def add(self, box):
        cells = self.cells
        for cell in self._cells(box):
            if cell in cells:
                cells[cell].append(box)
            else:
                cells[cell] = [box]

    def overlaps(self, box):
        x0, y0, x1, y1 = box
        cells = self.cells
        for cell in self._cells(box):
            for other in cells.get(cell, ()):
                if x0 < other[2] and other[0] < x1 and y0 < other[3] and other[1] < y1:
                    return True
        return False


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
