"""Screens of the apps above inventory that take what the scan endpoint found.

`/scan/?code=…&to=<name>` sends a known code to the screen registered under <name>
(the floor flow registers "floor" in its AppConfig.ready) instead of the part or
location page: the scan endpoint stays the one place that reads codes, and inventory
needs to know nothing of the apps above it.
"""

from collections.abc import Callable

# Imported by AppConfig.ready() of the apps above: no models here (the registry is not
# ready when their apps.py is read). `url_for(request, found: ScannedCode) -> str`.
SCAN_TARGETS: dict[str, Callable] = {}


def scan_target_register(name: str, url_for: Callable) -> None:
    SCAN_TARGETS[name] = url_for
