"""per_outer_row: an aggregate of the rows that belong to each outer row, one subquery."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from apps.core.queries import per_outer_row


def test_counts_the_rows_of_each_outer_row_and_none_where_there_are_none(db):
    kinds = ContentType.objects.annotate(
        n=per_outer_row(Permission.objects, per="content_type", value=Count("pk")),
        adds=per_outer_row(
            Permission.objects, per="content_type", value=Count("pk"), codename__startswith="add_"
        ),
    )
    for kind in kinds:
        assert kind.n == (Permission.objects.filter(content_type=kind).count() or None)
        assert kind.adds in (1, None)
