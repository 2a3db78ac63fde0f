from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madoguchi.core.loader import CityDataError, load_city


class Command(BaseCommand):
    help = (
        "Validate a city data file and load it (all or nothing). Default: settings.MADOGUCHI_CITY."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None)
        parser.add_argument(
            "--check", action="store_true", help="Only validate the file; write nothing."
        )

    def handle(self, path=None, check=False, **options):
        path = path or str(settings.MADOGUCHI_CITY)
        try:
            if check:
                from madoguchi.core.loader import read_city_file

                read_city_file(path)
                self.stdout.write(f"{path}: OK")
                return
            city = load_city(path)
        except CityDataError as exc:
            raise CommandError(f"City data is not valid, nothing was changed.\n{exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {city} from {path}: {city.offices.count()} offices, "
                f"{city.phone_lines.count()} phone lines, {city.closures.count()} closures."
            )
        )
