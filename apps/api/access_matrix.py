"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

The JSON API answers an anonymous caller 401 itself ("anonymous": 401) rather than
sending it to the sign-in page. Its endpoints need the same permissions as the pages
they mirror (apps/api/access.py)."""

from apps.accounts.roles import BUYERS, EVERYONE, MANAGERS, RECEIVERS, STOCK_WORKERS

API = {"anonymous": 401}

ACCESS = {
    # Pages of the app (behind sign-in as every page)
    "api:docs": {"GET": EVERYONE},
    "api:token_list": {"GET": EVERYONE, "POST": EVERYONE},
    "api:token_revoke": {"POST": EVERYONE, "kwargs": {"pk": 999999999}},
    "api:schema": {"GET": EVERYONE, **API},
    # /api/v1/ — reads
    "api:part_list": {"GET": EVERYONE, **API},
    "api:part_detail": {"GET": EVERYONE, "sample": {"pk": "part"}, **API},
    "api:category_list": {"GET": EVERYONE, **API},
    "api:category_detail": {"GET": EVERYONE, "sample": {"pk": "category"}, **API},
    "api:location_list": {"GET": EVERYONE, **API},
    "api:location_detail": {"GET": EVERYONE, "sample": {"pk": "location"}, **API},
    "api:stock_record_list": {"GET": EVERYONE, **API},
    "api:stock_record_detail": {"GET": EVERYONE, "sample": {"pk": "stock_item"}, **API},
    "api:movement_list": {"GET": EVERYONE, **API},
    "api:movement_detail": {"GET": EVERYONE, "sample": {"pk": "movement"}, **API},
    "api:supplier_list": {"GET": EVERYONE, **API},
    "api:supplier_detail": {"GET": EVERYONE, "sample": {"pk": "supplier"}, **API},
    "api:supplier_part_list": {"GET": EVERYONE, **API},
    "api:supplier_part_detail": {"GET": EVERYONE, "sample": {"pk": "supplier_part"}, **API},
    "api:purchase_order_list": {"GET": EVERYONE, **API},
    "api:purchase_order_detail": {"GET": EVERYONE, "sample": {"pk": "purchase_order"}, **API},
    # /api/v1/ — writes
    "api:stock_receive_create": {"POST": STOCK_WORKERS, **API},
    "api:stock_issue_create": {"POST": STOCK_WORKERS, **API},
    "api:stock_transfer_create": {"POST": STOCK_WORKERS, **API},
    "api:stock_adjust_create": {"POST": MANAGERS, **API},
    "api:stock_count_create": {"POST": STOCK_WORKERS, **API},
    "api:supplier_create": {"POST": BUYERS, **API},
    "api:supplier_update": {"PATCH": BUYERS, "sample": {"pk": "supplier"}, **API},
    "api:supplier_part_create": {"POST": BUYERS, **API},
    "api:supplier_part_update": {"PATCH": BUYERS, "sample": {"pk": "supplier_part"}, **API},
    "api:supplier_part_delete": {"DELETE": BUYERS, "sample": {"pk": "supplier_part"}, **API},
    "api:purchase_order_create": {"POST": BUYERS, **API},
    "api:purchase_order_update": {"PUT": BUYERS, "sample": {"pk": "purchase_order"}, **API},
    "api:purchase_order_place": {"POST": BUYERS, "sample": {"pk": "purchase_order"}, **API},
    "api:purchase_order_cancel": {"POST": MANAGERS, "sample": {"pk": "purchase_order"}, **API},
    "api:purchase_order_receive_create": {
        "POST": RECEIVERS,
        "sample": {"pk": "purchase_order"},
        **API,
    },
}
