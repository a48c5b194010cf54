import time

from django.core.management.base import BaseCommand, CommandError

from apps.demo.services import seed as seeding
from apps.demo.services.users import DEMO_PASSWORD, ensure_demo_users


class Command(BaseCommand):
    help = "Loads demo data: 'small' to try the app, 'large' for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(seeding.SIZES), default="small")
        parser.add_argument(
            "--reset", action="store_true", help="Delete existing catalog and stock first."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when parts already exist."
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (same seed, same data)."
        )

    def handle(self, *args, size, reset, if_empty, seed, **options):
        ensure_demo_users()
        if seeding.demo_data_present():
            if if_empty:
                self.stdout.write("Demo data already present; nothing to do.")
                return
            if not reset:
                raise CommandError(
                    "Parts already exist. Use --reset to replace them or --if-empty to skip."
                )
            seeding.wipe_demo_data()
        started = time.monotonic()
        seeding.seed(
            size,
            rng_seed=seed,
            log=lambda text: self.stdout.write(f"  {time.monotonic() - started:5.1f} s  {text}"),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the {size} data set in {time.monotonic() - started:.1f} s. "
                f"Sign in as admin / {DEMO_PASSWORD}."
            )
        )
