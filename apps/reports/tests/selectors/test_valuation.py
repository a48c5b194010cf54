"""Stock value by category and location, today and as of a past day: the report's figures
against sums computed here from the ledger, and one replayed by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_category, make_location, make_part
from apps.inventory.models import StockMovement
from apps.reports.selectors import snapshots, valuation
from apps.reports.selectors.valuation import end_of_day, value_report
from apps.reports.services import value_snapshots_build
from apps.reports.tests.factories import move

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    tools = make_category("Tools")
    drills = make_category("Drills", parent=tools)
    paint = make_category("Paint")
    hall = make_location("HALL")
    shelf = make_location("HALL-S1", parent=hall)
    yard = make_location("YARD")
    drill = make_part("DRILL", category=drills, unit_cost="25.50")
    hammer = make_part("HAMMER", category=tools, unit_cost="8")
    tin = make_part("TIN", category=paint, unit_cost="3.25")
    move(drill, shelf, 10, days_ago=20)
    move(hammer, hall, 4, days_ago=18)
    move(tin, yard, 100, days_ago=15)
    move(drill, shelf, -3, days_ago=10, kind="issue")
    move(tin, yard, -40, days_ago=6, kind="issue")
    move(hammer, hall, 6, days_ago=3)
    move(drill, shelf, -2, days_ago=1, kind="issue")
    return {
        "tools": tools,
        "drills": drills,
        "paint": paint,
        "hall": hall,
        "shelf": shelf,
        "yard": yard,
    }


def replayed(as_of=None, *, key):
    """Σ quantity × unit cost of the ledger lines up to the end of `as_of`, per `key`
    (a function of the line), computed here line by line."""
    end = end_of_day(as_of) if as_of else timezone.now() + timedelta(days=1)
    sums = {}
    for line in StockMovement.objects.select_related("part__category", "location"):
        if line.created_at < end:
            sums[key(line)] = sums.get(key(line), Decimal(0)) + line.quantity * line.part.unit_cost
    return sums


def rows(report):
    return {row["name"]: row["value"] for row in report.rows}


def url(pk):
    return f"/x?node={pk}"


def test_today_by_category_rolls_up_the_tree(shop):
    report = value_report(by="category", as_of=None, selected=None, url_for=url)
    by_category = replayed(key=lambda line: line.part.category.path.split("/")[0])
    # Tools holds the drills below it: 5 × 25.50 + 10 × 8; paint 60 × 3.25.
    assert rows(report) == {"Tools": Decimal("207.50"), "Paint": Decimal("195.00")}
    assert sum(rows(report).values()) == sum(by_category.values())
    assert report.totals["value"] == Decimal("402.50")
    assert rows(report)["Tools"] > 0 and report.rows[0]["url"] == url(shop["tools"].pk)


def test_drill_down_shows_children_and_the_nodes_own_parts(shop):
    report = value_report(by="category", as_of=None, selected=shop["tools"].pk, url_for=url)
    assert rows(report) == {"Drills": Decimal("127.50"), "Tools itself": Decimal("80.00")}
    assert [label for label, _ in report.crumbs] == ["Tools"]


@pytest.mark.parametrize("days_ago", [19, 16, 12, 8, 4, 2, 0])
def test_as_of_equals_the_ledger_replayed(shop, days_ago):
    """Days near the first line replay forwards, recent ones backwards from on-hand:
    both must equal the replay done here."""
    as_of = timezone.localdate() - timedelta(days=days_ago)
    for by, key in (
        ("category", lambda line: line.part.category.path.split("/")[0]),
        ("location", lambda line: line.location.path.split("/")[0]),
    ):
        report = value_report(by=by, as_of=as_of, selected=None, url_for=url)
        expected = replayed(as_of, key=key)
        assert report.totals["value"] == sum(expected.values(), Decimal(0)).quantize(
            Decimal("0.01")
        )


def test_as_of_by_hand(shop):
    """Eight days ago: drills 10 − 3 = 7 × 25.50 = 178.50, hammers 4 × 8 = 32,
    tins 100 × 3.25 = 325 (the issue of 40 came later)."""
    as_of = timezone.localdate() - timedelta(days=8)
    report = value_report(by="category", as_of=as_of, selected=None, url_for=url)
    assert rows(report) == {"Tools": Decimal("210.50"), "Paint": Decimal("325.00")}
    locations = value_report(by="location", as_of=as_of, selected=None, url_for=url)
    assert rows(locations) == {"HALL — HALL": Decimal("210.50"), "YARD — YARD": Decimal("325.00")}


def test_both_replay_directions_are_used(shop, monkeypatch):
    seen = []
    original = valuation._replay_direction

    def spy(end):
        seen.append(original(end))
        return seen[-1]

    monkeypatch.setattr(valuation, "_replay_direction", spy)
    today = timezone.localdate()
    value_report(by="category", as_of=today - timedelta(days=17), selected=None, url_for=url)
    value_report(by="category", as_of=today - timedelta(days=2), selected=None, url_for=url)
    value_report(by="category", as_of=today - timedelta(days=30), selected=None, url_for=url)
    assert seen == ["forward", "backward", "none"]


@pytest.mark.parametrize("days_ago", [19, 16, 12, 8, 4, 2, 1])
def test_as_of_from_the_weekly_snapshots_equals_the_replay(shop, days_ago):
    build = value_snapshots_build()
    assert build.first_day is not None and snapshots.fresh_build() == build
    as_of = timezone.localdate() - timedelta(days=days_ago)
    # The first snapshot is the Monday after the first line's week (13 to 19 days ago).
    answered = snapshots.own_values_from_snapshots("category", end_of_day(as_of))
    assert (answered is not None) == (as_of >= build.first_day)
    assert days_ago > 12 or answered is not None
    for by, key in (
        ("category", lambda line: line.part.category.path.split("/")[0]),
        ("location", lambda line: line.location.path.split("/")[0]),
    ):
        report = value_report(by=by, as_of=as_of, selected=None, url_for=url)
        expected = replayed(as_of, key=key)
        assert report.totals["value"] == sum(expected.values(), Decimal(0)).quantize(
            Decimal("0.01")
        )


def test_every_day_from_the_nearer_snapshot_equals_the_replay(shop):
    """Each of the last twenty days, whichever weekday today is: from the Monday before
    (lines added) or the Monday after (lines taken off), the value replayed here."""
    build = value_snapshots_build()
    today = timezone.localdate()
    for days_ago in range(1, 21):
        as_of = today - timedelta(days=days_ago)
        if as_of < build.first_day:
            continue
        for by, key in (
            ("category", lambda line: line.part.category.path.split("/")[0]),
            ("location", lambda line: line.location.path.split("/")[0]),
        ):
            report = value_report(by=by, as_of=as_of, selected=None, url_for=url)
            expected = replayed(as_of, key=key)
            assert report.totals["value"] == sum(expected.values(), Decimal(0)).quantize(
                Decimal("0.01")
            ), (by, as_of)


def test_snapshots_are_not_used_once_a_cost_changes_or_a_line_is_backdated(shop):
    value_snapshots_build()
    as_of = timezone.localdate() - timedelta(days=12)
    drill = Part.objects.get(sku="DRILL")
    drill.unit_cost = Decimal("100")
    drill.save()
    assert snapshots.fresh_build() is None
    report = value_report(by="category", as_of=as_of, selected=None, url_for=url)
    # Twelve days ago: 10 drills at the new cost 100, 4 hammers × 8, 100 tins × 3.25.
    assert report.totals["value"] == Decimal("1357.00")
    value_snapshots_build()
    assert snapshots.fresh_build() is not None
    move(drill, shop["shelf"], 1, days_ago=30)  # a line dated before the snapshots
    assert snapshots.fresh_build() is None


def test_today_by_location_from_the_snapshots_equals_the_stock_records(shop):
    from_records = value_report(by="location", as_of=None, selected=None, url_for=url)
    value_snapshots_build()
    assert snapshots.fresh_build() is not None
    from_snapshots = value_report(by="location", as_of=None, selected=None, url_for=url)
    assert (
        rows(from_snapshots)
        == rows(from_records)
        == {
            "HALL — HALL": Decimal("207.50"),
            "YARD — YARD": Decimal("195.00"),
        }
    )


def test_shares_add_up_to_exactly_100():
    shares_of = valuation.shares_of
    values = [Decimal("189467.97"), Decimal("171459.71"), Decimal("20077.70"), Decimal("2203.33")]
    shares = shares_of(values)
    assert sum(shares) == Decimal(100)
    # Rounded each, they made 49.4 + 44.7 + 5.2 + 0.6 = 99.9 beside a total of 100.
    assert shares == [Decimal("49.4"), Decimal("44.8"), Decimal("5.2"), Decimal("0.6")]
    thirds = shares_of([Decimal(1)] * 3)
    assert sum(thirds) == Decimal(100) and sorted(thirds) == [
        Decimal("33.3"), Decimal("33.3"), Decimal("33.4")
    ]  # fmt: skip
    assert shares_of([Decimal(0), Decimal(0)]) == [Decimal(0), Decimal(0)]
