"""The background work of imports, for django.tasks (django-tasks-db's worker runs it:
`manage.py db_worker`)."""

from django.tasks import task

from apps.imports.services.steps import run_step


@task()
def run_import_step(job_id: int, step: str, user_id: int | None = None) -> str:
    return run_step(job_id, step, user_id)
