"""The city loader validates the whole file and writes all of it or nothing."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from madoguchi.core.loader import CityDataError, load_city
from madoguchi.core.models import City, Office, OpeningHours, Procedure

DEMO = Path(__file__).resolve().parents[3] / "content" / "city" / "demo-city.yaml"


def _write(tmp_path, mutate) -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "city.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_the_demo_city_loads_with_all_its_offices_and_hours():
    city = load_city(DEMO)
    assert city.slug == "sakurahama"
    assert Office.objects.count() == 7
    center = Office.objects.get(slug="center")
    assert center.procedures.filter(code="card_reissue").exists()
    assert not Office.objects.get(slug="kita").procedures.filter(code="card_reissue").exists()
    saturdays = OpeningHours.objects.filter(office__slug="chuo", weekday=5).get()
    assert saturdays.weeks_of_month == [2, 4]
    assert Procedure.objects.get(code="card_pickup").needs_notice is True


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_city(DEMO)
    counts = (Office.objects.count(), OpeningHours.objects.count(), Procedure.objects.count())
    load_city(DEMO)
    assert (
        Office.objects.count(),
        OpeningHours.objects.count(),
        Procedure.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_an_edited_file_updates_the_database(tmp_path):
    load_city(DEMO)

    def more_counters(d):
        d["offices"][1]["counters"] = 9

    load_city(_write(tmp_path, more_counters))
    assert Office.objects.get(slug="chuo").counters == 9


def _expect_error(tmp_path, mutate, *fragments):
    path = _write(tmp_path, mutate)
    with pytest.raises(CityDataError) as info:
        load_city(path)
    text = str(info.value)
    assert str(path) in text
    for fragment in fragments:
        assert fragment in text, text
    assert not City.objects.exists()
    assert not Office.objects.exists()
    return text


@pytest.mark.django_db
def test_a_missing_field_names_its_path(tmp_path):
    _expect_error(
        tmp_path,
        lambda d: d["offices"][2].pop("postcode"),
        "offices[2]",
        "'postcode' is a required",
    )


@pytest.mark.django_db
def test_a_bad_time_names_its_path(tmp_path):
    def bad_time(d):
        d["offices"][0]["hours"][0]["open"] = "25:00"

    _expect_error(tmp_path, bad_time, "offices[0].hours[0].open", "25:00")


@pytest.mark.django_db
def test_closing_before_opening_is_refused(tmp_path):
    def backwards(d):
        d["offices"][0]["hours"][0]["close"] = "08:00"

    _expect_error(tmp_path, backwards, "offices[0].hours[0]", "closes at 08:00")


@pytest.mark.django_db
def test_an_unknown_procedure_is_refused(tmp_path):
    def unknown(d):
        d["offices"][3]["procedures"].append("passport")

    _expect_error(tmp_path, unknown, "offices[3].procedures", "unknown procedure 'passport'")


@pytest.mark.django_db
def test_a_duplicate_office_id_is_refused(tmp_path):
    def duplicate(d):
        d["offices"][4]["id"] = "kita"

    _expect_error(tmp_path, duplicate, "duplicate office id 'kita'")


@pytest.mark.django_db
def test_a_missing_translation_is_refused(tmp_path):
    _expect_error(
        tmp_path, lambda d: d["offices"][0]["name"].pop("easy"), "offices[0].name", "'easy'"
    )


@pytest.mark.django_db
def test_an_error_leaves_a_loaded_city_untouched(tmp_path):
    load_city(DEMO)

    def half_bad(d):
        d["offices"][0]["counters"] = 50  # a valid change …
        d["offices"][1]["procedures"].append("nonsense")  # … next to a bad one

    with pytest.raises(CityDataError):
        load_city(_write(tmp_path, half_bad))
    assert Office.objects.get(slug="center").counters == 8


@pytest.mark.django_db
def test_the_command_reports_errors_without_a_traceback(tmp_path):
    path = _write(tmp_path, lambda d: d["offices"][2].pop("postcode"))
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_city", str(path))


def test_the_check_option_validates_without_a_database(capsys):
    call_command("load_city", str(DEMO), "--check")
    assert "OK" in capsys.readouterr().out
