"""Background work of the reports, for django.tasks (the worker of `manage.py db_worker`)."""

from django.tasks import task

from apps.reports.services import value_snapshots_build


@task()
def rebuild_value_snapshots() -> str:
    build = value_snapshots_build()
    return f"{build.first_day} … {build.last_day}"
