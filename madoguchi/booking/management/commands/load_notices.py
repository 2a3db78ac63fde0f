from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madoguchi.booking.notices import NoticeDataError, load_notices


class Command(BaseCommand):
    help = "Load 交付通知書 reservation numbers and dates of birth (demo: content/city/demo-notices.yaml)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(settings.CONTENT_DIR / "city" / "demo-notices.yaml")
        )

    def handle(self, *args, path, **options):
        try:
            count = load_notices(path)
        except (NoticeDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} notices loaded from {path}")
