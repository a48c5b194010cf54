"""Parts, end to end through the services: upload, mapping, check, fix, skip, commit, undo."""

from decimal import Decimal

import pytest

from apps.audit.models import AuditEntry
from apps.catalog.models import Part
from apps.catalog.services.units import unit_create
from apps.catalog.tests.factories import make_part
from apps.imports.models import ImportRow, ImportStatus
from apps.imports.services import jobs
from apps.imports.services.checking import recheck
from apps.imports.services.committing import CommitRefused, commit_job
from apps.imports.services.undo import undo_problems
from apps.imports.tests.factories import PART_HEADER, csv_bytes, make_catalog, part_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def manager_user(make_user):
    return make_user("boss", role="manager")


def start(user, rows, name="parts.csv", **kwargs):
    job = jobs.import_create(
        user=user, kind="parts", upload=upload(csv_bytes(rows, **kwargs), name)
    )
    jobs.import_set_mapping(job=job, user=user, mapping=job.mapping, defaults={})
    return jobs.import_start(job=job, step="check", user=user)


def test_a_clean_file_is_checked_committed_and_undone(catalog, manager_user):
    make_part("OLD-1", category=catalog["tools"], name="Old name", reorder_point=Decimal("5"))
    job = start(
        manager_user,
        [
            PART_HEADER,
            part_row(
                "NEW-1",
                "New one",
                "Electronics / Passives / Resistors",
                **{"Reorder point": "10,5", "Default location": "a1"},
            ),
            part_row("old-1", "New name", "Tools", **{"Reorder point": "5"}),
        ],
    )
    assert job.status == ImportStatus.CHECKED
    assert job.counts == {"create": 1, "update": 1}
    update = ImportRow.objects.get(job=job, number=3)
    assert update.changes == {"name": ["Old name", "New name"]}
    job = jobs.import_start(job=job, step="commit", user=manager_user)
    assert job.status == ImportStatus.COMMITTED, job.message
    new = Part.objects.get(sku="NEW-1")
    assert new.reorder_point == Decimal("10.5")
    assert new.default_location == catalog["a1"]
    assert Part.objects.get(sku="OLD-1").name == "New name"
    history = AuditEntry.objects.filter(request_id=job.change_set)
    assert history.count() == 2  # one change set, each record's history names the import
    assert set(history.values_list("source", flat=True)) == {f"{job.reference} (parts.csv)"}
    assert undo_problems(job) == []
    job = jobs.import_start(job=job, step="undo", user=manager_user)
    assert job.status == ImportStatus.UNDONE, job.message
    assert not Part.objects.filter(sku="NEW-1").exists()
    assert Part.objects.get(sku="OLD-1").name == "Old name"


def test_errors_are_counted_by_kind_fixed_in_place_and_skipped(catalog, manager_user):
    make_part("TAKEN", category=catalog["tools"], barcode="4000")
    job = start(
        manager_user,
        [
            PART_HEADER,
            part_row("A-1", ""),  # missing name
            part_row("A-2", "x", **{"Reorder point": "abc"}),  # bad number
            part_row("A-3", "x", "Nowhere"),  # unknown category
            part_row("A-4", "x", **{"Default location": "ZZ"}),  # unknown location
            part_row("A-5", "x"),
            part_row("a-5", "x"),  # duplicate in the file
            part_row("A-7", "x", Barcode="4000"),  # barcode taken
        ],
    )
    assert job.counts == {"error": 7}
    assert job.error_counts == {
        "required": 1,
        "number": 1,
        "unknown_category": 1,
        "unknown_location": 1,
        "duplicate": 2,
        "taken": 1,
    }
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    job, fixed = recheck(job, rows[2], values={"name": "Named"})
    assert fixed[0].action == "create" and job.counts["error"] == 6
    job, fixed = recheck(job, rows[4], values={"category": "Nowhere else"})
    assert fixed[0].action == "error" and "category" in fixed[0].errors
    job, fixed = recheck(job, rows[7], skipped=True)
    # The other half of the pair is re-checked at once.
    assert {row.number: row.state for row in fixed} == {7: "skipped", 6: "create"}
    assert job.counts["skipped"] == 1
    assert "duplicate" not in job.error_counts
    with pytest.raises(CommitRefused, match="still have errors"):
        commit_job(job, user=manager_user)
    assert not Part.objects.filter(sku="A-1").exists()


def test_units_are_read_by_code_or_name_in_any_case_and_unknown_ones_refused(catalog, manager_user):
    """Units are data (catalog.Unit): one added by a manager is known to the importer."""

    unit_create(code="cm", name="Centimetres", allows_fractions=True)
    make_part("OLD-1", category=catalog["tools"], unit="pcs")
    job = start(
        manager_user,
        [
            PART_HEADER,
            part_row("U-1", "x", Unit="M"),
            part_row("U-2", "x", Unit="metres"),
            part_row("U-3", "x", Unit="centimetres"),
            part_row("U-4", "x", Unit="each"),
            part_row("old-1", "x", Unit="kg"),
            part_row("U-6", "x", Unit="parsecs"),
        ],
    )
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    assert rows[7].errors["unit"][1] == "No unit “parsecs” (see Units)."
    assert rows[6].changes["unit"] == ["pcs", "kg"]
    job, _ = recheck(job, rows[7], skipped=True)
    job = jobs.import_start(job=job, step="commit", user=manager_user)
    assert job.status == ImportStatus.COMMITTED, job.message
    units = dict(Part.objects.values_list("sku", "unit"))
    assert units == {"U-1": "m", "U-2": "m", "U-3": "cm", "U-4": "pcs", "OLD-1": "kg"}
