"""Validate content/faq/*.md and the synonym table (called by ``make lint`` and CI)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madoguchi.faq.content import parse_dir
from madoguchi.faq.search.synonyms import OutOfScopeTable, SynonymTable, SynonymTableError


def default_dir() -> Path:
    return Path(settings.BASE_DIR) / "content" / "faq"


class Command(BaseCommand):
    help = "Check the FAQ entries (schema, topics, all three languages, source URLs)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=None)

    def handle(self, *args, directory=None, **options):
        path = Path(directory) if directory else default_dir()
        if not path.is_dir():
            raise CommandError(f"{path}: not a directory")
        entries, errors = parse_dir(path)
        try:
            SynonymTable.from_file(path / "synonyms.yaml")
        except SynonymTableError as exc:
            errors = [*errors, f"synonyms.yaml: {exc}"]
        try:
            OutOfScopeTable.from_file(path / "out-of-scope.yaml")
        except SynonymTableError as exc:
            errors = [*errors, f"out-of-scope.yaml: {exc}"]
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} problem(s) in {path}")
        self.stdout.write(f"{len(entries)} FAQ entries OK ({path})")
