"""Write FAQ entries from the database back to Markdown files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from madoguchi.faq.services import export_faq


class Command(BaseCommand):
    help = "Export FAQ entries (e.g. admin edits) to DIR/<id>.md."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--only-edited", action="store_true", help="only admin-edited entries")
        parser.add_argument(
            "--mark-synced",
            action="store_true",
            help="the exported files become the source again (clears 'edited in admin')",
        )

    def handle(self, *args, directory, only_edited=False, mark_synced=False, **options):
        written = export_faq(Path(directory), only_edited=only_edited, mark_synced=mark_synced)
        self.stdout.write(f"wrote {len(written)} file(s) to {directory}")
