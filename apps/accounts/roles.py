"""The roles of PRODUCT.md and what each may do: the one place they are defined.

Each role is a Group of the same name holding these permissions (codenames
"app_label.codename"). Roles are cumulative: a clerk can do what a viewer can, a
manager what a clerk and a purchaser can. Views declare the permission they need with
`apps.core.access.permission_required`; they never test role names.
"""

VIEWER = "viewer"
CLERK = "clerk"
PURCHASER = "purchaser"
MANAGER = "manager"
ADMIN = "admin"
ROLES = (VIEWER, CLERK, PURCHASER, MANAGER, ADMIN)

VIEW = [
    "catalog.view_category",
    "catalog.view_part",
    "inventory.view_location",
    "inventory.view_stockitem",
    "inventory.view_stockmovement",
    "purchasing.view_supplier",
    "purchasing.view_supplierpart",
    "purchasing.view_purchaseorder",
    "purchasing.view_purchaseorderline",
]
STOCK_WORK = [
    "inventory.move_stock",  # receive, issue, transfer
    "inventory.count_stock",  # stocktakes
    "purchasing.receive_purchaseorder",  # book a delivery against an order
]
PURCHASING = [
    "purchasing.add_supplier",
    "purchasing.change_supplier",
    "purchasing.add_supplierpart",
    "purchasing.change_supplierpart",
    "purchasing.delete_supplierpart",
    "purchasing.add_purchaseorder",
    "purchasing.change_purchaseorder",
    "purchasing.receive_purchaseorder",
    "catalog.export_parts",
    # Spreadsheet imports: which kinds a user may import follows the kinds' own
    # permissions (parts: catalog.import_parts, price lists: purchasing.add_supplierpart …).
    "imports.add_importjob",
    "imports.view_importjob",
    # Reports (stock value, usage, dead stock, spend): purchasers and managers; admin has all.
    "reports.view_reports",
]
CATALOG_MAINTENANCE = [
    "catalog.add_category",
    "catalog.change_category",
    "catalog.delete_category",
    "catalog.add_part",
    "catalog.change_part",
    "catalog.delete_part",
    "catalog.view_unit",
    "catalog.add_unit",
    "catalog.change_unit",
    "catalog.import_parts",
    "catalog.export_parts",
    "inventory.add_location",
    "inventory.change_location",
    "inventory.delete_location",
    "inventory.adjust_stock",  # adjustments, allowing negative stock
    "inventory.reverse_movement",
    "purchasing.delete_supplier",
    "purchasing.cancel_purchaseorder",
    "notices.manage_notices",  # every notice sent, "send now"
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWER: VIEW,
    CLERK: VIEW + STOCK_WORK,
    PURCHASER: VIEW + PURCHASING,
    MANAGER: VIEW + STOCK_WORK + PURCHASING + CATALOG_MAINTENANCE,
}
# The admin role gets EVERY permission of the project (roles_sync gives the "admin" group
# all permissions, including those added later by other apps' migrations), and an admin
# user is staff (`user_set_roles` sets is_staff), so it reaches /admin/ for users, roles and
# reference data. Superuser stays a separate, deliberate flag (createsuperuser).
ADMIN_GETS_ALL_PERMISSIONS = True

# Who may use a URL, for the permission matrix (`apps/<app>/access_matrix.py`).
EVERYONE = frozenset(ROLES)
STOCK_WORKERS = frozenset({CLERK, MANAGER, ADMIN})
BUYERS = frozenset({PURCHASER, MANAGER, ADMIN})
RECEIVERS = frozenset({CLERK, PURCHASER, MANAGER, ADMIN})
MANAGERS = frozenset({MANAGER, ADMIN})
ADMINS = frozenset({ADMIN})
