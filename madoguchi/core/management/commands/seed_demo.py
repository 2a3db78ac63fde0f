"""Load the demo city and its content, and (in DEBUG only) a demo administrator."""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# Content loaders of the apps, run when present, in this order.
LOADERS = ["load_guide_content", "load_faq", "load_notices"]
DEMO_ADMIN = "demo-admin"
DEMO_PASSWORD = "madoguchi-demo-2026"


class Command(BaseCommand):
    help = "Load the city data (settings.MADOGUCHI_CITY) and content; idempotent."

    def handle(self, **options):
        call_command("load_city", str(settings.MADOGUCHI_CITY), stdout=self.stdout)
        available = get_commands()
        for name in LOADERS:
            if name in available:
                call_command(name, stdout=self.stdout)
        if settings.DEBUG:
            self._demo_admin()

    def _demo_admin(self) -> None:
        from django.contrib.auth.models import User

        from madoguchi.accounts.services import create_staff

        if not User.objects.filter(username=DEMO_ADMIN).exists():
            create_staff(DEMO_ADMIN, "admin", DEMO_PASSWORD)
        self.stdout.write(
            f"Demo staff login (DEBUG only): {DEMO_ADMIN} / {DEMO_PASSWORD} — "
            "the first login asks you to enrol an authenticator app."
        )
