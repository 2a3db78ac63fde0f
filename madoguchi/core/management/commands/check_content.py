"""Validate every content file (city data, navigator, FAQ) without writing anything. Used by CI."""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

# Each app with editable content offers a check command; those present are run.
CONTENT_CHECKS = ["check_guide_content", "check_faq_content"]


class Command(BaseCommand):
    help = "Validate the city file and all content under content/ (schema, languages, links)."

    def handle(self, **options):
        call_command("load_city", str(settings.MADOGUCHI_CITY), "--check", stdout=self.stdout)
        available = get_commands()
        for name in CONTENT_CHECKS:
            if name in available:
                try:
                    call_command(name, stdout=self.stdout)
                except CommandError as exc:
                    raise CommandError(f"{name}: {exc}") from None
