"""Values every page's layout needs."""

# (label, url, key, permission needed to see the item or None)
NAVIGATION = (
    ("Dashboard", "/", "dashboard", None),
    ("Parts", "/parts/", "parts", None),
    ("Stock", "/stock/", "stock", None),
    ("Stocktakes", "/stocktakes/", "stocktakes", "inventory.count_stock"),
    ("Locations", "/locations/", "locations", None),
    ("Purchasing", "/purchase-orders/", "purchasing", None),
)


def navigation(request):
    """The main navigation: items the user may use (the same permission the view checks),
    the one for the current section marked active."""
    path = request.path
    user = getattr(request, "user", None)
    items = []
    for label, url, key, perm in NAVIGATION:
        if perm and not (user is not None and user.has_perm(perm)):
            continue
        active = path == "/" if url == "/" else path.startswith(url)
        if key == "purchasing":
            active = active or path.startswith("/suppliers/")
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
