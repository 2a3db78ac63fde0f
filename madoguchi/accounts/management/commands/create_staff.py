from django.core.management.base import BaseCommand, CommandError

from madoguchi.accounts.roles import ROLE_BY_KEY
from madoguchi.accounts.services import create_staff


class Command(BaseCommand):
    help = (
        "Create a staff user in a role (clerk, operator, supervisor, admin); prints the password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_BY_KEY))
        parser.add_argument("--password", default=None)

    def handle(self, username, role, password, **options):
        from django.contrib.auth.models import User

        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        user, password = create_staff(username, role, password)
        self.stdout.write(
            f"Created {user.username} ({role}). Password: {password}\n"
            "On first login they enrol an authenticator app (TOTP) by scanning a QR code."
        )
