"""`manage.py api_token USERNAME [--name NAME]`: creates a personal API token for the
user and prints it as the last word of the output (for scripts:
`TOKEN=$(manage.py api_token admin | awk '{print $NF}')`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.api.services.tokens import TokenError, api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is the last word printed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        try:
            created = api_token_create(user=user, name=name)
        except TokenError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"API token “{created.token.name}” for {username} (shown once): {created.secret}"
        )
