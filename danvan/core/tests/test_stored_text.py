"""Stored names and free text are NFC without bidirectional controls, whichever path writes them."""

import unicodedata

import pytest
from django.apps import apps
from django.db.models.signals import pre_save

from danvan.core.text import clean, clean_stored_text, fold, normalize

RLO, PDF, LRI, PDI, RLM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f"


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_clean(text):
    return unicodedata.is_normalized("NFC", text) and not any(ch in text for ch in (RLO, PDF, LRI, PDI, RLM))


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (f"Nguyễn {RLO}Thị Mai{PDF}", "Nguyễn Thị Mai"),
        (f"{LRI}Đắk Lắk{PDI}", "Đắk Lắk"),
        (f"Hòa{RLM}", "Hòa"),
        (nfd("Ê Đê"), "Ê Đê"),
        # A control between a letter and its mark: removed first, so the pair composes.
        (f"Le{RLO}\u0302", "Lê"),
    ],
)
def test_it_removes_bidirectional_controls_and_composes(raw, stored):
    assert clean(raw) == stored
    assert normalize(f"  {raw}  ") == stored
    assert fold(raw) == fold(stored)


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200d", "\u200c"])
def test_a_name_with_an_invisible_character_is_stored_as_the_name_it_looks_like(invisible, tree):
    """Two accounts or cadres whose names look the same must be the same name, and found by the same search."""
    from conftest import make_user

    user = make_user("nguoi.giong.ten", full_name=f"Nguyễn Văn{invisible} An")

    assert user.full_name == "Nguyễn Văn An"
    assert fold(f"Nguyễn Văn{invisible} An") == "nguyen van an"


def test_free_text_loses_invisible_characters_but_keeps_emoji_joined():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean(f"Đường\u200b hỏng {family}") == f"Đường hỏng {family}"


def test_free_text_keeps_its_line_breaks():
    assert clean(f"Dòng một{RLO}\n\n  Dòng hai") == "Dòng một\n\n  Dòng hai"


def test_every_project_model_cleans_its_text_before_a_save():
    project = [m for m in apps.get_models() if m.__module__.startswith("danvan.")]
    assert len(project) > 30
    for model in project:
        receivers = [r for r in pre_save._live_receivers(model)[0] if r is clean_stored_text]
        assert receivers, model._meta.label


def test_a_public_submission_is_stored_clean(client, tree):
    from danvan.cases.models import Case

    content = nfd(f"Đèn đường ở đầu thôn {RLO}hỏng hơn một tháng{PDF}.\nBuổi tối rất nguy hiểm.")
    response = client.post(
        "/phan-anh/gui/",
        {
            "kind": "phan_anh", "content": content, "place_code": tree["village"].code,
            "petitioner_name": nfd(f"Nguyễn {RLO}Thị Mai"), "petitioner_address": f"Tổ dân phố 1{LRI}, Pleiku{PDI}",
            "petitioner_phone": "0912 345 678", "idempotency_key": "b" * 32,
        },
    )  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.content == "Đèn đường ở đầu thôn hỏng hơn một tháng.\nBuổi tối rất nguy hiểm."
    assert case.petitioner_name == "Nguyễn Thị Mai"
    assert case.petitioner_address == "Tổ dân phố 1, Pleiku"
    assert all(is_clean(v) for v in (case.content, case.content_folded, case.petitioner_name))


def test_a_cadre_name_entered_by_an_officer_is_stored_clean(tree, personas):
    from danvan.cadres import services
    from danvan.cadres.models import Cadre

    cadre = services.cadre_create(
        acting_user=personas["commune_officer"], unit=tree["pleiku"], full_name=nfd(f"Ksor {RLO}H'Bia{PDF}"),
        gender="nu", birth_year=1985,
    )  # fmt: skip
    stored = Cadre.objects.get(pk=cadre.pk)
    assert stored.full_name == "Ksor H'Bia" and stored.full_name_folded == "ksor h'bia"
    assert Cadre.objects.filter(full_name_folded__contains="h'bia").count() == 1


def test_a_user_and_a_village_are_stored_clean(tree, personas):
    from danvan.accounts import services as account_services
    from danvan.accounts.choices import Role
    from danvan.units import services as unit_services

    user = account_services.user_create(
        acting_user=personas["province_admin"], username="canbo.iahrung", full_name=f"Rơ Châm {LRI}Thanh{PDI}",
        password="Mat-khau-dai-2026", role=Role.OFFICER, unit=tree["hoiphu"],
    )  # fmt: skip
    user.refresh_from_db()
    assert user.full_name == "Rơ Châm Thanh"
    village = unit_services.villages_add_many(
        commune=tree["hoiphu"], items=[{"name": nfd(f"Làng {RLO}Plei Ơi"), "division_type": "làng"}]
    )[0]
    village.refresh_from_db()
    assert village.name == "Làng Plei Ơi" and village.name_folded == "lang plei oi"


def test_a_step_note_and_its_data_are_stored_clean(tree, personas):
    from danvan.cases import services
    from danvan.cases.workflow import Event

    case, _created = services.case_submit(
        kind="phan_anh", content="Nước thải từ xưởng chế biến chảy ra mương tưới của thôn.", place=tree["village"],
        petitioner_name="Lê Thị Hồng", petitioner_phone="0905000111",
    )  # fmt: skip
    recorded = services.case_record(
        case=case, event=Event.ACCEPT, acting_user=personas["commune_officer"], note=f"Thụ lý {RLO}giải quyết",
        data={"recipient": [f"Ủy ban {LRI}nhân dân"]},
    )  # fmt: skip
    recorded.refresh_from_db()
    assert recorded.note == "Thụ lý giải quyết" and recorded.data == {"recipient": ["Ủy ban nhân dân"]}


def test_a_sealed_denouncer_identity_is_clean():
    from danvan.cases import identity

    opened = identity.unseal(identity.seal({"name": nfd(f"Trần {RLO}Văn Bình"), "note": f"Dòng 1\nDòng {LRI}2"}))
    assert opened["name"] == "Trần Văn Bình" and opened["note"] == "Dòng 1\nDòng 2"
