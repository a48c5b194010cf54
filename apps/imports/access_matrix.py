"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

The sample import is a parts import (apps/accounts/tests/test_permission_matrix.py seeds
one): managers only. Purchasers use imports for suppliers and price lists."""

from apps.accounts.roles import BUYERS, MANAGERS

JOB = {"pk": "import_job"}
ROW = {"pk": "import_job", "row": "import_row"}

ACCESS = {
    "imports:import_list": {"GET": BUYERS},
    "imports:import_new": {"GET": BUYERS, "POST": BUYERS},
    "imports:import_template": {"GET": MANAGERS, "kwargs": {"kind": "parts", "file_format": "csv"}},
    "imports:import_detail": {"GET": MANAGERS, "sample": JOB},
    "imports:import_sheet": {"POST": MANAGERS, "sample": JOB},
    "imports:import_mapping": {"POST": MANAGERS, "sample": JOB},
    "imports:import_progress": {"GET": MANAGERS, "sample": JOB},
    "imports:import_commit": {"POST": MANAGERS, "sample": JOB},
    "imports:import_cancel": {"POST": MANAGERS, "sample": JOB},
    "imports:import_discard": {"POST": MANAGERS, "sample": JOB},
    "imports:import_undo": {"POST": MANAGERS, "sample": JOB},
    "imports:row_fix": {"POST": MANAGERS, "sample": ROW},
    "imports:row_skip": {"POST": MANAGERS, "sample": ROW},
    # Each list's export needs what its list page needs (parts: catalog.export_parts).
    "imports:list_export": {
        "GET": BUYERS,
        "POST": BUYERS,
        "kwargs": {"list_name": "parts"},
    },
}
