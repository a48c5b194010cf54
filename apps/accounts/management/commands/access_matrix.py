"""Prints the permission matrix (apps/*/access_matrix.py) as a Markdown table.

manage.py access_matrix            one row per URL and method
manage.py access_matrix --grouped  URLs with the same roles grouped (roles × URL groups)
"""

from collections import defaultdict

from django.core.management.base import BaseCommand

from apps.accounts import matrix as m
from apps.accounts.roles import ROLES


class Command(BaseCommand):
    help = "Prints roles × URLs from the apps' access_matrix.py files as a Markdown table."

    def add_arguments(self, parser):
        parser.add_argument("--grouped", action="store_true", help="group URLs with equal roles")

    def handle(self, *args, grouped=False, **options):
        table = m.load_matrix()
        routes = sorted(m.walk(), key=lambda route: (route.app_module, route.route))
        rows = []  # (app, URL, method, roles or None for public, name)
        for route in routes:
            app = (
                route.app_module.split(".")[1]
                if route.app_module.startswith("apps.")
                else "accounts"
            )
            address = "/" + route.route
            if route.name in table.public:
                rows.append((app, address, "any", None, route.name))
                continue
            entry = table.access.get(route.name)
            if entry is None:
                rows.append((app, address, "MISSING", frozenset(), route.name))
                continue
            rows.extend(
                (app, address, method, frozenset(entry[method]), route.name)
                for method in m.METHODS
                if method in entry
            )

        def marks(roles):
            return " | ".join(
                "public" if roles is None else ("✓" if role in roles else "·") for role in ROLES
            )

        if grouped:
            groups = defaultdict(list)
            for app, _address, method, roles, name in rows:
                groups[(app, method, roles)].append(name)
            self.stdout.write("| app | method | URL names | " + " | ".join(ROLES) + " |")
            self.stdout.write("|---|---|---|" + "---|" * len(ROLES))
            order = {"any": 0, "GET": 1, "POST": 2}
            for (app, method, roles), names in sorted(
                groups.items(),
                key=lambda item: (item[0][0], order.get(item[0][1], 3), -len(item[0][2] or ROLES)),
            ):
                self.stdout.write(f"| {app} | {method} | {', '.join(names)} | {marks(roles)} |")
            return
        self.stdout.write("| URL name | address | method | " + " | ".join(ROLES) + " |")
        self.stdout.write("|---|---|---|" + "---|" * len(ROLES))
        for _app, address, method, roles, name in rows:
            self.stdout.write(f"| {name} | `{address}` | {method} | {marks(roles)} |")
