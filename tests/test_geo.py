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
