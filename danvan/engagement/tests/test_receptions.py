"""The reception register: entries, repeat visits, the hand-off to a case both ways, the denouncer's seal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases import identity as identity_store
from danvan.cases.models import Case, DenouncerIdentity
from danvan.engagement import selectors, services
from danvan.engagement.models import Reception

from .conftest import TODAY, record

pytestmark = pytest.mark.django_db


def test_entries_are_numbered_per_register_and_year(tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    first = record(officer, tree["pleiku"], cadres["staff"])
    second = record(officer, tree["pleiku"], cadres["staff"], hour=10, citizen_name="Ksor H'Blơng")
    assert (first.number, second.number) == (1, 2)
    earlier = record(officer, tree["pleiku"], cadres["staff"], day=TODAY.replace(year=2025))
    assert earlier.number == 1


def test_bad_entry_names_each_field(tree, personas, cadres, frozen):
    with pytest.raises(ValidationError) as caught:
        record(
            personas["commune_officer"], tree["pleiku"], cadres["staff"], content="ngắn", id_number="12AB",
            handling="chuyen_don", people=7, citizen_name="",
        )  # fmt: skip
    errors = caught.value.message_dict
    assert set(errors) >= {"content", "id_number", "forwarded_to", "representatives", "citizen_name"}
    assert Reception.objects.count() == 0


def test_a_commune_officer_records_only_at_their_commune(tree, personas, cadres, frozen):
    with pytest.raises(PermissionDenied):
        record(personas["sibling_officer"], tree["pleiku"], cadres["staff"])
    with pytest.raises(PermissionDenied):
        record(personas["province_leader"], tree["gialai"], cadres["province_chair"])


def test_a_repeat_visit_is_found_by_id_number_or_phone_and_joins_the_case(tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    first = record(officer, tree["pleiku"], cadres["staff"], day=TODAY.replace(month=9))
    case = services.reception_to_case(reception=first, acting_user=officer)
    by_phone = selectors.earlier_visits(officer, id_number="", phone="0905123456", case_kind="kien_nghi")
    by_id = selectors.earlier_visits(officer, id_number="0640 9000 1234", phone="", case_kind="kien_nghi")
    assert by_phone == by_id == [first]
    assert selectors.earlier_visits(personas["sibling_officer"], id_number="064090001234", phone="",
                                    case_kind="kien_nghi") == []  # fmt: skip
    again = record(officer, tree["pleiku"], cadres["staff"], previous=first, id_number="", phone="0905123456")
    assert again.is_repeat and again.case_id == case.pk
    assert {r.pk for r in case.receptions.all()} == {first.pk, again.pk}
    assert selectors.visits_of_matter(officer, again) == [first]


def test_reception_to_case_prefills_and_links_both_ways(tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    reception = record(officer, tree["pleiku"], cadres["staff"], place=tree["village"], people=6,
                       representatives="Nguyễn Văn An\nY Bih Niê")  # fmt: skip
    case = services.reception_to_case(reception=reception, acting_user=officer)
    assert (case.kind, case.content, case.petitioner_name, case.petitioner_phone) == (
        "kien_nghi",
        reception.content,
        "Nguyễn Văn An Tổ Một",
        "0905123456",
    )
    assert (case.channel, case.signers, case.place, case.received_on) == ("tiep_dan", 6, tree["village"], TODAY)
    reception.refresh_from_db()
    assert reception.case == case and list(case.receptions.all()) == [reception]
    assert services.reception_to_case(reception=reception, acting_user=officer) == case
    assert Case.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.reception_to_case(reception=reception, acting_user=personas["province_leader"])


def test_a_denunciation_goes_to_the_sealed_store_and_never_on_the_register(tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    reception = record(
        officer, tree["pleiku"], cadres["staff"], case_kind="to_cao", citizen_name="Siu Văn Thắng Bí Mật",
        content="Tố cáo cán bộ địa chính nhận tiền để hợp thức hóa đất lấn chiếm gần suối.",
    )  # fmt: skip
    reception.refresh_from_db()
    assert (reception.citizen_name, reception.id_number, reception.phone, reception.address) == ("", "", "", "")
    assert reception.case.kind == "to_cao" and reception.case.petitioner_name == ""
    sealed = identity_store.unseal(DenouncerIdentity.objects.get(case=reception.case).sealed)
    assert (sealed["name"], sealed["id_number"], sealed["phone"]) == (
        "Siu Văn Thắng Bí Mật",
        "064090001234",
        "0905123456",
    )
    history = list(reception.history.values_list("citizen_name", "id_number", "phone", "address"))
    assert history == [("", "", "", "")]
    # Never offered on the form, whatever the kind: beside a name it would tell who denounced.
    assert selectors.earlier_visits(officer, id_number="064090001234", phone="", case_kind="to_cao") == []
    assert selectors.earlier_visits(officer, id_number="064090001234", phone="", case_kind="khieu_nai") == []
    # The same person denouncing again: the service links the visit by itself, counted as a repeat, shown nowhere.
    again = record(
        officer, tree["pleiku"], cadres["staff"], case_kind="to_cao", citizen_name="Siu Văn Thắng Bí Mật", hour=9,
        id_number="", content="Tiếp tục tố cáo cán bộ địa chính, đến nay chưa thấy xử lý việc lấn chiếm đất.",
    )  # fmt: skip
    assert again.is_repeat and again.previous == reception and selectors.visits_of_matter(officer, again) == []
    with pytest.raises(ValidationError) as caught:
        record(officer, tree["pleiku"], cadres["staff"], previous=reception, hour=11)
    assert "previous" in caught.value.message_dict


def test_the_case_page_lists_the_visits_it_came_from(client, login, tree, personas, cadres, frozen):
    officer = personas["commune_officer"]
    reception = record(officer, tree["pleiku"], cadres["staff"])
    case = services.reception_to_case(reception=reception, acting_user=officer)
    page = client.get(f"/vu-viec/{case.pk}/") if login(officer) else None
    assert page.status_code == 200
    assert f"/tiep-cong-dan/luot-tiep/{reception.pk}/".encode() in page.content
    detail = client.get(f"/tiep-cong-dan/luot-tiep/{reception.pk}/")
    assert f"/vu-viec/{case.pk}/".encode() in detail.content


def test_a_leaders_scheduled_visit_records_the_day_as_held(tree, personas, cadres, frozen):
    import datetime

    officer, chair = personas["commune_officer"], cadres["chair"]
    services.schedule_save(
        acting_user=officer, unit=tree["pleiku"], leader=chair, title="chu_tich_ubnd", pattern="thu_trong_tuan",
        days="3", starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 0), place="Trụ sở UBND phường",
        valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    first = record(officer, tree["pleiku"], chair, kind="lanh_dao_dinh_ky", hour=8)
    second = record(officer, tree["pleiku"], chair, kind="lanh_dao_dinh_ky", hour=9, citizen_name="Ksor H'Blơng")
    assert first.session is not None and first.session == second.session
    assert (first.session.status, first.session.date, first.session.leader) == ("da_tiep", TODAY, chair)
    regular = record(officer, tree["pleiku"], cadres["staff"], hour=9)
    assert regular.session is None


def test_an_earlier_visit_outside_the_scope_is_refused_by_the_service(tree, personas, cadres, frozen):
    pleiku_visit = record(personas["commune_officer"], tree["pleiku"], cadres["staff"], hour=8)
    with pytest.raises(ValidationError) as caught:
        record(personas["sibling_officer"], tree["hoiphu"], cadres["sibling_staff"], place=tree["hoiphu"],
               previous=pleiku_visit)  # fmt: skip
    assert "previous" in caught.value.message_dict
    assert not Reception.objects.filter(unit=tree["hoiphu"]).exists()
