"""One date format on every page (ISO 8601, day first to minute), wherever a date is
rendered without an explicit format: `{{ order.expected_date }}`, the admin, forms.
Templates use apps/core/templatetags/dates.py, which reads the same formats."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
FIRST_DAY_OF_WEEK = 1  # Monday
