"""Values every page's layout needs."""

from django.urls import reverse

# (label, URL name, key, permission needed to see the item or None)
NAVIGATION = (
    ("Dashboard", "dashboard:dashboard", "dashboard", None),
    ("Parts", "catalog:part_list", "parts", None),
    ("Stock", "inventory:stock_list", "stock", None),
    ("Stocktakes", "inventory:stocktake_list", "stocktakes", "inventory.count_stock"),
    ("Locations", "inventory:location_tree", "locations", None),
    ("Purchasing", "purchasing:purchase_order_list", "purchasing", None),
    ("Imports", "imports:import_list", "imports", "imports.add_importjob"),
    ("Notices", "notices:notice_list", "notices", None),
    ("Reports", "reports:index", "reports", "reports.view_reports"),
    ("Floor", "floor:home", "floor", "inventory.move_stock"),
)


def navigation(request):
    """The main navigation: items the user may use (the same permission the view checks),
    the one for the current section marked active."""
    path = request.path
    user = getattr(request, "user", None)
    items = []
    for label, url_name, key, perm in NAVIGATION:
        url = reverse(url_name)
        if perm and not (user is not None and user.has_perm(perm)):
            continue
        active = path == "/" if url == "/" else path.startswith(url)
        if key == "purchasing":
            active = active or path.startswith(reverse("purchasing:supplier_list"))
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
