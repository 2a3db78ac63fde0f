"""The home page in Japanese, English and easy Japanese, with the city's data."""

import pytest


@pytest.mark.django_db
def test_home_page_is_japanese_by_default_with_offices_and_phone_lines(client, city):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert "桜浜市" in html
    assert "マイナンバーカードセンター" in html
    assert "0120-000-178" in html  # the reservation line from the city data
    assert "北区役所" in html and "17:00–19:00" in html  # Kita's Thursday evening counter
    assert "第2・第4土" in html


@pytest.mark.django_db
def test_home_page_in_english(client, city):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Sakurahama City" in html
    assert "Find out what you need to do" in html
    assert "2nd &amp; 4th Sat" in html


@pytest.mark.django_db
def test_home_page_in_easy_japanese(client, city):
    html = client.get("/easy/").content.decode()
    assert '<html lang="ja">' in html
    assert "さくらはまし" in html
    assert "なにを すれば いいか しらべる" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "links"),
    [
        ("/", ['href="/en/"', 'href="/easy/"']),
        ("/en/?from=leaflet", ['href="/?from=leaflet"', 'href="/easy/?from=leaflet"']),
        ("/easy/?from=qr", ['href="/?from=qr"', 'href="/en/?from=qr"']),
    ],
)
def test_the_language_switch_keeps_the_page(client, city, path, links):
    html = client.get(path).content.decode()
    for link in links:
        assert link in html


@pytest.mark.django_db
def test_pages_send_security_headers(client, city):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_unknown_page_is_a_friendly_404(client, city):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
