"""Validate and load content/faq/*.md into the database (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madoguchi.faq.management.commands.check_faq_content import default_dir
from madoguchi.faq.services import ContentInvalid, load_faq_dir


class Command(BaseCommand):
    help = (
        "Load FAQ entries from Markdown files. Unchanged files are skipped; entries edited in the "
        "admin are kept (export them with export_faq)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=None)
        parser.add_argument(
            "--prune", action="store_true", help="delete entries whose file no longer exists"
        )

    def handle(self, *args, directory=None, prune=False, **options):
        path = Path(directory) if directory else default_dir()
        if not path.is_dir():
            raise CommandError(f"{path}: not a directory")
        try:
            report = load_faq_dir(path, prune=prune)
        except ContentInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} problem(s) in {path}; nothing loaded") from exc
        self.stdout.write(
            f"created {len(report.created)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, kept admin edits {len(report.kept_admin_edits)}, "
            f"removed {len(report.removed)}"
        )
        for entry_id in report.kept_admin_edits:
            self.stdout.write(f"  kept (edited in admin): {entry_id}")
        for entry_id in report.missing_from_files:
            self.stdout.write(f"  in the database but not in files: {entry_id} (use --prune)")
