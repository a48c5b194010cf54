"""The check grid pages a big import with a constant number of queries."""

import pytest
from django.urls import reverse

from apps.imports.services import jobs
from apps.imports.tests.factories import PART_HEADER, csv_bytes, make_catalog, part_row, upload

pytestmark = pytest.mark.django_db


def test_grid_pages_run_a_constant_number_of_queries(
    manager, make_user, django_assert_max_num_queries
):
    make_catalog()
    boss = make_user("boss", role="manager")
    rows = [PART_HEADER] + [part_row(f"G-{n}", "x" if n % 7 else "") for n in range(300)]
    job = jobs.import_create(user=boss, kind="parts", upload=upload(csv_bytes(rows)))
    jobs.import_set_mapping(job=job, user=boss, mapping=job.mapping, defaults={})
    job = jobs.import_start(job=job, step="check", user=boss)
    counts = {}
    for per_page in (25, 100):
        for page in (1, 3):
            url = (
                reverse("imports:import_detail", args=[job.pk])
                + f"?show=all&per_page={per_page}&page={page}"
            )
            with django_assert_max_num_queries(12) as captured:
                response = manager.get(url, headers={"HX-Request": "true", "HX-Target": "grid"})
            assert response.status_code == 200
            counts[(per_page, page)] = len(captured)
    assert len(set(counts.values())) == 1, counts
