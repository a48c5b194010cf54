"""Prints the permission matrix (apps/*/access_matrix.py) as a Markdown table: for each URL,
which roles may use it per method. `manage.py access_matrix > matrix.md`"""

from django.core.management.base import BaseCommand

from apps.accounts import matrix as m
from apps.accounts.roles import ROLES


class Command(BaseCommand):
    help = "Prints roles × URLs from the apps' access_matrix.py files as a Markdown table."

    def handle(self, *args, **options):
        table = m.load_matrix()
        routes = {route.name: route for route in m.walk()}
        self.stdout.write("| URL name | address | method | " + " | ".join(ROLES) + " |")
        self.stdout.write("|---|---|---|" + "---|" * len(ROLES))
        for name, route in sorted(routes.items(), key=lambda item: (item[1].app_module, item[1].route)):
            address = "/" + route.route.replace("^", "").replace("$", "")
            if name in table.public:
                self.stdout.write(f"| {name} | `{address}` | any | " + " | ".join(["public"] * len(ROLES)) + " |")
                continue
            entry = table.access.get(name)
            if entry is None:
                self.stdout.write(f"| {name} | `{address}` | — | " + " | ".join(["**missing**"] * len(ROLES)) + " |")
                continue
            for method in (meth for meth in m.METHODS if meth in entry):
                marks = ["✓" if role in entry[method] else "·" for role in ROLES]
                self.stdout.write(f"| {name} | `{address}` | {method} | " + " | ".join(marks) + " |")
