"""Issue 12, item 7: one date format on every page, `<time datetime>` without fractions."""

import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone

from apps.core.templatetags.dates import day, iso, moment, month_day

MOMENT = datetime.datetime(2026, 11, 29, 16, 52, 3, 123456, tzinfo=datetime.UTC)


@override_settings(TIME_ZONE="Europe/Berlin")
def test_issue12_item7_filters_write_iso_days_and_local_minutes():
    with timezone.override(ZoneInfo("Europe/Berlin")):
        assert moment(timezone.localtime(MOMENT)) == "2026-11-29 17:52"
        assert iso(MOMENT) == "2026-11-29T17:52:03+01:00"  # no .123456
        assert day(datetime.date(2026, 12, 10)) == "2026-12-10"
        assert moment(datetime.date(2026, 12, 10)) == "2026-12-10"
        assert month_day(datetime.date(2026, 12, 10)) == "12-10"
        assert iso(datetime.date(2026, 12, 10)) == "2026-12-10"
    assert day(None) == moment(None) == iso(None) == ""


@override_settings(TIME_ZONE="Europe/Berlin")
def test_issue12_item7_a_date_without_a_filter_has_the_same_format():
    """`{{ order.expected_date }}` wrote "Dec. 10, 2026" next to "2026-11-29 17:52"."""
    rendered = Template("{{ d }} | {{ t }} | {% load dates %}{{ t|moment }}").render(
        Context({"d": datetime.date(2026, 12, 10), "t": MOMENT})
    )
    assert rendered == "2026-12-10 | 2026-11-29 17:52 | 2026-11-29 17:52"
