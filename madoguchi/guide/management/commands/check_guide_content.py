"""`manage.py check_guide_content`: fail when the navigator's content and rules disagree."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madoguchi.guide.content import CONTENT_DIR, check_content, load_content


class Command(BaseCommand):
    help = (
        "Check content/guide/*.yaml: every `when:` names a real rule, every question and item "
        "is reachable, every text has ja/en/easy, every outcome yields checklist items."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(CONTENT_DIR), help="content directory")

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        try:
            content = load_content(directory)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {directory}: {exc}") from exc
        problems = check_content(content)
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {directory}")
        self.stdout.write(
            f"guide content OK: {len(content.questions)} questions, {len(content.items)} items, "
            f"{len(content.rule_sources)} rules"
        )
