from django.db import models


class DataVersion(models.Model):
    """One row whose `value` grows with every committed write to the application's tables.

    Database triggers (installed after every migrate, see apps/core/response_cache.py)
    bump it in the writing transaction itself, whatever wrote: the ORM, a bulk
    update, raw SQL or the admin. Cached pages are keyed on it, so a cached page can
    never outlive the data it shows.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)
    # Random, set when the row is created: a database that was emptied and refilled (tests)
    # starts a new series of versions that cannot meet the old ones in a cache.
    epoch = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.value}"
