"""Date filters of the lists: a range every day in it can be shifted and compared."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

# The days a date field accepts. Python's dates end at 9999-12-31 and begin at 0001-01-01:
# a filter "up to 9999-12-31" has no next day to stop before, and the first day shifted
# to UTC leaves the calendar (both were 500s). No workshop record is that old or far off.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
DAY_RANGE_MESSAGE = f"Enter a date between {FIRST_DAY:%Y-%m-%d} and {LAST_DAY:%Y-%m-%d}."


class DayField(forms.DateField):
    """A date between FIRST_DAY and LAST_DAY, entered with the browser's date picker."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(FIRST_DAY, message=DAY_RANGE_MESSAGE),
            MaxValueValidator(LAST_DAY, message=DAY_RANGE_MESSAGE),
        ]
        self.widget.attrs.setdefault("min", f"{FIRST_DAY:%Y-%m-%d}")
        self.widget.attrs.setdefault("max", f"{LAST_DAY:%Y-%m-%d}")
