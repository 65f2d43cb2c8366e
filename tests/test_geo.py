import re

from claims import geo


def test_it_decodes_country_outlines_where_they_are():
    cyprus = [bbox for name, _, bbox in geo.country_rings() if name == "Cyprus"]
    assert cyprus
    west, south, east, north = cyprus[0]
    # Natural Earth draws Northern Cyprus apart, so the Republic ends near 34.05 E.
    assert 32.2 < west < 32.4 and 33.9 < east < 34.2
    assert 34.5 < south < 34.7 and 35.1 < north < 35.3


def test_it_frames_the_points_with_a_margin_and_a_sane_shape():
    view = geo.view_around([(37.52, 36.37), (39.01, 35.95)])
    assert view.west < 37.52 and view.east > 39.01
    assert view.south < 35.95 and view.north > 36.37
    assert 0.45 * geo.WIDTH <= view.height <= 1.0 * geo.WIDTH + 1
    single = geo.view_around([(37.52, 36.37)])
    assert single.east - single.west >= 2


def test_it_projects_north_up_and_east_right():
    view = geo.view_around([(37.0, 36.0), (39.0, 37.0)])
    west_x, north_y = view.project(37.0, 37.0)
    east_x, south_y = view.project(39.0, 36.0)
    assert east_x > west_x
    assert south_y > north_y


def test_it_clips_outlines_to_the_view():
    view = geo.view_around([(37.52, 36.37), (39.01, 35.95)])
    path = geo.land_path(view)
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= -10 and max(xs) <= geo.WIDTH + 10
    assert min(ys) >= -10 and max(ys) <= view.height + 10
    # Syria and Turkey at least: several separate outlines.
    assert path.count("M") >= 2


def test_it_draws_nothing_in_open_ocean():
    assert geo.land_path(geo.view_around([(-30.0, -40.0)])) == ""


def test_it_draws_no_edge_across_the_map_for_rings_crossing_the_antimeridian():
    world = geo.View(-180.0, -85.0, 180.0, 85.0)
    for ring in re.findall(r"M([^Z]+)Z", geo.land_path(world)):
        points = [tuple(map(float, point.split(","))) for point in ring.split("L")]
        for a, b in zip(points, points[1:] + points[:1], strict=True):  # Z closes the ring too
            visible = 0 <= a[1] <= world.height or 0 <= b[1] <= world.height
            # Antarctica closes along the pole, on the clip margin below the map.
            assert not visible or abs(b[0] - a[0]) < geo.WIDTH / 2, (a, b)


def test_it_places_labels_that_never_overlap_and_drops_those_that_cannot_fit():
    markers = [{"x": 500, "y": 300, "r": 10, "text": f"Village {n}"} for n in range(6)]
    labels = geo.place_labels(markers, height=600)
    # Right, left, above and below the one spot; the other two are left unnamed.
    assert [label["anchor"] for label in labels[:4]] == ["start", "end", "middle", "middle"]
    assert labels[4:] == [None, None]
    boxes = [label["box"] for label in labels if label]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_it_labels_only_the_first_markers_when_told_but_avoids_every_marker():
    markers = [
        {"x": 500, "y": 300, "r": 10, "text": "First"},
        {"x": 600, "y": 300, "r": 10, "text": "Second"},
        {"x": 540, "y": 300, "r": 10, "text": "Obstacle"},
    ]
    labels = geo.place_labels(markers, height=600, tries=1)
    assert labels[1:] == [None, None]
    # "First" does not fit to the right, over the third marker.
    assert labels[0]["anchor"] == "end"


def test_its_label_grid_gives_what_testing_every_pair_gives():
    import random

    rng = random.Random(4)
    markers = [
        {
            "x": rng.uniform(0, 1000),
            "y": rng.uniform(0, 600),
            "r": rng.choice([10, 14, 20]),
            "text": "x" * rng.randint(3, 25),
        }
        for _ in range(300)
    ]
    labels = geo.place_labels(markers, height=600)
    assert 10 < sum(1 for label in labels if label) < 300
    # The same greedy rule, testing each candidate against every box so far.
    placed = [(m["x"] - m["r"], m["y"] - m["r"], m["x"] + m["r"], m["y"] + m["r"]) for m in markers]
    for marker, label in zip(markers, labels, strict=True):
        expected = None
        x, y, r = marker["x"], marker["y"], marker["r"]
        w, h = len(marker["text"]) * geo.LABEL_CHAR, geo.LABEL_FONT
        gap = r + 4
        for box in [
            (x + gap, y - h / 2, x + gap + w, y + h / 2),
            (x - gap - w, y - h / 2, x - gap, y + h / 2),
            (x - w / 2, y - gap - h, x + w / 2, y - gap),
            (x - w / 2, y + gap, x + w / 2, y + gap + h),
        ]:
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= geo.WIDTH and box[3] <= 600
            if inside and not any(geo._overlap(box, other) for other in placed):
                expected = box
                placed.append(box)
                break
        assert (label and label["box"]) == expected


def test_its_projector_projects_as_project_does():
    view = geo.view_around([(37.0, 36.0), (39.0, 37.0)])
    project = view.projector()
    for lon, lat in [(37.0, 36.0), (38.123, 36.456), (39.0, 37.0)]:
        assert project(lon, lat) == view.project(lon, lat)
