"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test."""

from apps.accounts.roles import BUYERS, EVERYONE, MANAGERS, RECEIVERS

SUPPLIER = {"pk": "supplier"}
SUPPLIER_PART = {"pk": "supplier_part"}
PART = {"pk": "part"}
ORDER = {"pk": "purchase_order"}

ACCESS = {
    "purchasing:supplier_list": {"GET": EVERYONE},
    "purchasing:supplier_create": {"GET": BUYERS, "POST": BUYERS},
    "purchasing:supplier_detail": {"GET": EVERYONE, "sample": SUPPLIER},
    "purchasing:supplier_edit": {"GET": BUYERS, "POST": BUYERS, "sample": SUPPLIER},
    "purchasing:supplier_archive": {"POST": BUYERS, "sample": SUPPLIER},
    "purchasing:supplier_part_create": {"GET": BUYERS, "POST": BUYERS, "sample": SUPPLIER},
    "purchasing:supplier_part_row": {"GET": EVERYONE, "sample": SUPPLIER_PART},
    "purchasing:supplier_part_edit": {"GET": BUYERS, "POST": BUYERS, "sample": SUPPLIER_PART},
    "purchasing:supplier_part_delete": {"POST": BUYERS, "sample": SUPPLIER_PART},
    "purchasing:part_suppliers": {"GET": EVERYONE, "sample": PART},
    "purchasing:part_supplier_create": {"GET": BUYERS, "POST": BUYERS, "sample": PART},
    "purchasing:purchase_order_list": {"GET": EVERYONE},
    "purchasing:purchase_order_export": {"GET": EVERYONE},
    "purchasing:purchase_order_create": {"GET": BUYERS, "POST": BUYERS},
    "purchasing:purchase_order_lines": {"GET": BUYERS, "POST": BUYERS},
    "purchasing:purchase_order_totals": {"POST": BUYERS},
    "purchasing:purchase_order_part_suggestions": {"GET": BUYERS},
    "purchasing:purchase_order_reorder": {"GET": BUYERS, "POST": BUYERS},
    # Viewing for everyone; POST saves a draft (purchasing.change_purchaseorder).
    "purchasing:purchase_order_detail": {"GET": EVERYONE, "POST": BUYERS, "sample": ORDER},
    "purchasing:purchase_order_place": {"POST": BUYERS, "sample": ORDER},
    "purchasing:purchase_order_cancel": {"POST": MANAGERS, "sample": ORDER},
    "purchasing:purchase_order_receive": {"GET": RECEIVERS, "POST": RECEIVERS, "sample": ORDER},
    "purchasing:purchase_order_print": {"GET": EVERYONE, "sample": ORDER},
}
