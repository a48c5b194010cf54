"""Values every page's layout needs."""

NAVIGATION = (
    ("Dashboard", "/", "dashboard"),
    ("Parts", "/parts/", "parts"),
    ("Stock", "/stock/", "stock"),
    ("Locations", "/locations/", "locations"),
    ("Purchasing", "/purchase-orders/", "purchasing"),
)


def navigation(request):
    path = request.path
    items = []
    for label, url, key in NAVIGATION:
        active = path == "/" if url == "/" else path.startswith(url)
        if key == "purchasing":
            active = active or path.startswith("/suppliers/")
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
