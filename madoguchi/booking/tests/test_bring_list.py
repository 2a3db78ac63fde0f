"""What to bring for bookings not started from the navigator: a proxy pickup gets the items
every proxy needs (mail and page); an incomplete case links to the guide as 持ち物を詳しく確認する."""

import pytest
from django.core import mail

from madoguchi.booking import case, links
from madoguchi.booking.messages import send_booking_email
from madoguchi.booking.services import Contact, book_slot
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at
from madoguchi.core.models import Office, Procedure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


@pytest.fixture
def proxy_pickup(city, notices):
    procedure = Procedure.objects.get(code="card_pickup_proxy")
    office = Office.objects.filter(procedures=procedure).first()
    return book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 10),
        contact=Contact("ダイリ　ハナコ", "proxy@example.jp", notice_number="101000003"),
        now=NOW,
    )


def test_a_proxy_pickup_without_the_navigator_still_gets_a_bring_list(city):
    items = case.bring_items({}, "card_pickup_proxy", "ja", THURSDAY)
    texts = [item.text for item in items]
    assert any("交付通知書" in t for t in texts)
    assert any("代理人の本人確認書類" in t for t in texts)
    assert case.is_partial(items)
    assert "母子健康手帳" not in " ".join(texts)  # only what every reason needs


def test_the_proxy_pickup_mail_lists_what_to_bring(proxy_pickup):
    mail.outbox.clear()
    send_booking_email(proxy_pickup, "confirmed")
    body = mail.outbox[0].body
    assert "交付通知書" in body and "代理人の本人確認書類" in body
    assert "持ち物を詳しく確認する" in body


def test_the_proxy_pickup_manage_page_lists_what_to_bring(client, proxy_pickup):
    page = client.get(f"/booking/b/{links.manage_token(proxy_pickup)}/").content.decode()
    assert "代理人の本人確認書類" in page and "持ち物を詳しく確認する" in page


def test_an_incomplete_case_links_to_the_guide_as_a_check_not_a_result(client, office, procedure):
    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=Contact("ヤマダ", "y@example.jp"),
        now=NOW,
    )
    page = client.get(f"/booking/b/{links.manage_token(booking)}/").content.decode()
    assert "持ち物を詳しく確認する" in page
    assert "持ち物のチェックリストを見る" not in page
