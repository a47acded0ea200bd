"""Reading cases: the field suggestion with its reasons, urgency and anger flags, officers' decisions
that become training data, the model registry and its round trip, and scope on every page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from danvan.cases import services as case_services
from danvan.cases.models import Case, Field
from danvan.insight import engine, services
from danvan.insight.models import CaseInsight, Decision, ModelVersion, Task
from danvan.insight.services import reading

LAND = "Nhà hàng xóm xây tường rào lấn sang đất nhà tôi gần nửa mét, đề nghị xã đo đạc lại ranh giới thửa đất."
FIRE = "Cháy lớn ở bãi gỗ cạnh khu dân cư tổ 3, lửa đang lan sang nhà dân, đề nghị cứu hỏa đến gấp!"


def submit(tree, content=LAND, **extra):
    case, _created = case_services.case_submit(kind="phan_anh", content=content, place=tree["village"], **extra)
    return case


def test_a_new_case_is_read_once_committed_with_the_words_behind_the_suggestion(
    tree, trained, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree)
    insight = CaseInsight.objects.get(case=case)
    assert insight.suggested_field.code == "dat_dai" and insight.confidence > 0.4
    assert set(insight.reasons) & {"đất", "ranh giới", "lấn", "thửa đất", "đo đạc", "tường rào"}
    assert all(word in case.content.lower() for word in insight.reasons)
    assert insight.decision == Decision.PENDING and not insight.flagged
    with django_capture_on_commit_callbacks(execute=True):
        fire = submit(tree, content=FIRE)
    assert fire.insight.flagged and fire.insight.urgent >= services.FLAG_AT and fire.insight.signals


def test_a_text_without_diacritics_is_read_like_one_with_them(tree, trained):
    typed = services.suggest_field("nha hang xom xay tuong lan sang dat nha toi, de nghi xa do dac lai ranh gioi")
    assert typed["field"] == "dat_dai"


def test_an_analysis_failure_never_loses_the_case(tree, trained, django_capture_on_commit_callbacks, monkeypatch):
    def broken(_case):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(reading, "analyse_case", broken)
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree)
    assert Case.objects.filter(pk=case.pk).exists() and not CaseInsight.objects.exists()


def test_the_officer_accepts_or_corrects_and_the_correction_changes_the_next_training_set(
    tree, personas, login, trained, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree, content="Đường vào thôn 4 bị sạt lở một đoạn dài, xe máy đi lại rất nguy hiểm.")
    before = services.training_data(Task.FIELD)
    client = login(personas["commune_officer"])
    page = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert 'data-testid="insight-panel"' in page and "Lĩnh vực gợi ý:" in page
    social = Field.objects.get(code="an_sinh_xa_hoi")
    response = client.post(f"/phan-tich/vu-viec/{case.pk}/", {"action": "field", "field": social.pk})
    assert response.status_code == 302
    insight = CaseInsight.objects.get(case=case)
    assert insight.decision == Decision.CORRECTED and insight.decided_field == social
    case.refresh_from_db()
    assert case.field == social and case.events.filter(data__field="an_sinh_xa_hoi").exists()
    after = services.training_data(Task.FIELD)
    assert len(after[0]) == len(before[0]) + 1 and after[2]["cases"] == 1
    assert (case.content, "an_sinh_xa_hoi") == (after[0][-1], after[1][-1])
    assert engine.data_hash(*after[:2]) != engine.data_hash(*before[:2])


def test_decisions_are_scoped(tree, personas, login, trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree)
    land = Field.objects.get(code="dat_dai")
    sibling = login(personas["sibling_officer"])
    assert sibling.post(f"/phan-tich/vu-viec/{case.pk}/", {"action": "field", "field": land.pk}).status_code == 404
    viewer = login(personas["viewer"])
    assert "insight-panel" in viewer.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Xác nhận lĩnh vực" not in viewer.get(f"/vu-viec/{case.pk}/").content.decode()
    assert viewer.post(f"/phan-tich/vu-viec/{case.pk}/", {"action": "field", "field": land.pk}).status_code == 403
    assert CaseInsight.objects.get(case=case).decision == Decision.PENDING
    with pytest.raises(PermissionDenied):
        services.flag_decide(case=case, urgent=True, acting_user=personas["province_leader"])


def test_clearing_a_flag_teaches_the_urgency_model(tree, personas, login, trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree, content=FIRE)
    client = login(personas["commune_officer"])
    client.post(f"/phan-tich/vu-viec/{case.pk}/", {"action": "not_urgent"})
    insight = CaseInsight.objects.get(case=case)
    assert (insight.flagged, insight.urgent_label, insight.flag_cleared_by) == (
        False,
        False,
        personas["commune_officer"],
    )
    texts, labels, sources = services.training_data(Task.URGENT)
    assert sources["cases"] == 1 and (texts[-1], labels[-1]) == (FIRE, "0")


def test_an_officer_choosing_the_field_at_the_desk_is_a_decision(tree, personas, trained,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    land = Field.objects.get(code="dat_dai")
    with django_capture_on_commit_callbacks(execute=True):
        case, _created = case_services.case_submit(
            kind="phan_anh", content=LAND, place=tree["village"], field=land, acting_user=personas["commune_officer"],
            on_behalf=True,
        )  # fmt: skip
    insight = CaseInsight.objects.get(case=case)
    assert (insight.decision, insight.decided_field, insight.decided_by) == (
        Decision.ACCEPTED, land, personas["commune_officer"])  # fmt: skip


def test_the_suggestion_while_typing_names_the_field_and_the_unit(tree, personas, login, trained):
    client = login(personas["commune_officer"])
    html = client.get("/phan-tich/goi-y/", {"content": LAND, "place_code": tree["village"].code}).content.decode()
    assert "Gợi ý lĩnh vực: <strong>Đất đai</strong>" in html and "Phường Pleiku" in html
    assert client.get("/phan-tich/goi-y/", {"content": "ngắn"}).content.decode().strip() == ""
    assert login(personas["viewer"]).get("/phan-tich/goi-y/", {"content": LAND}).status_code == 403


def test_training_registers_a_version_that_round_trips(tree, personas, settings, tmp_path):
    settings.INSIGHT_MODEL_DIR = tmp_path
    services._LOADED.clear()
    made = services.train_task(Task.URGENT)
    texts, labels, sources = services.training_data(Task.URGENT)
    assert (made.version, made.is_active, made.samples) == (1, True, len(texts))
    assert made.data_hash == engine.data_hash(texts, labels) and sources == {"seed": len(texts)}
    assert (
        made.metrics["folds"] == 5
        and 0 < made.metrics["macro_f1"] <= 100
        and set(made.metrics["per_label"]) == {"0", "1"}
    )
    probability, _words, version = services.read_signal(Task.URGENT, "Có đám cháy lớn, cần cứu hộ gấp")
    services._LOADED.clear()  # loaded again from the file: the same answer
    assert services.read_signal(Task.URGENT, "Có đám cháy lớn, cần cứu hộ gấp")[0] == pytest.approx(probability)
    second = services.train_task(Task.URGENT)
    assert second.version == 2 and list(
        ModelVersion.objects.filter(is_active=True).values_list("version", flat=True)
    ) == [2]
    services.model_activate(made, acting_user=personas["superuser"])
    assert ModelVersion.objects.get(is_active=True) == made and version == 1


def test_the_registry_page_trains_as_a_job_for_national_administrators(
    tree, personas, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.INSIGHT_MODEL_DIR = tmp_path
    province = login(personas["province_admin"])
    assert province.get("/phan-tich/mo-hinh/").status_code == 200
    assert province.post("/phan-tich/mo-hinh/", {"action": "train", "task": "buc_xuc"}).status_code == 403
    assert login(personas["commune_officer"]).get("/phan-tich/mo-hinh/").status_code == 403
    client = login(personas["national_admin"])
    with django_capture_on_commit_callbacks(execute=True):  # the job runs once its row is committed
        response = client.post("/phan-tich/mo-hinh/", {"action": "train", "task": "buc_xuc"})
    assert response.status_code == 302 and response["Location"].startswith("/viec/")
    job_page = client.get(response["Location"]).content.decode()
    assert "Đã huấn luyện 1 mô hình." in job_page
    page = client.get("/phan-tich/mo-hinh/").content.decode()
    assert "v1" in page and "đang dùng" in page and ModelVersion.objects.get().task == Task.ANGRY


def test_the_training_command(tree, settings, tmp_path):
    from io import StringIO

    settings.INSIGHT_MODEL_DIR = tmp_path
    out = StringIO()
    call_command("train_insight", "--task", "xuc_pham", stdout=out)
    assert "Lời lẽ xúc phạm v1: 314 mẫu" in out.getvalue() and "macro-F1" in out.getvalue()
    import re

    # Figures as the pages and reports write them (92,04%), not with a decimal point (92.04%).
    assert re.search(r"chính xác \d+,\d+%", out.getvalue()) and not re.search(r"\d\.\d+%", out.getvalue())


def test_flagged_cases_stand_out_in_the_list(tree, personas, login, trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calm, fire = submit(tree), submit(tree, content=FIRE)
    client = login(personas["commune_officer"])
    listed = client.get("/vu-viec/?attention=1").content.decode()
    assert fire.code in listed and calm.code not in listed and 'data-testid="attention"' in listed
    assert login(personas["sibling_officer"]).get("/vu-viec/?attention=1").content.decode().count(fire.code) == 0


def test_the_case_list_and_the_reception_desk_show_what_insight_registers(
    tree, personas, login, trained, django_capture_on_commit_callbacks
):
    # cases names no text engine: the flag on a row, the list's filter and the reception's suggestion
    # address come through the hooks of cases/panels.py that insight registers in its AppConfig.ready.
    with django_capture_on_commit_callbacks(execute=True):
        calm, fire = submit(tree), submit(tree, content=FIRE)
    client = login(personas["commune_officer"])
    listed = client.get("/vu-viec/").content.decode()
    assert calm.code in listed and fire.code in listed
    assert listed.count('data-testid="attention">!</span>') == 1
    assert listed.count('<span class="badge text-bg-warning">cần xem trước</span>') == 1
    reception = client.get("/vu-viec/tiep-nhan/")
    assert 'data-suggestion-url="/phan-tich/goi-y/"' in reception.content.decode()


def test_opinions_are_sorted_useful_first_and_offensive_flagged(tree, personas, login, settings, tmp_path):
    settings.INSIGHT_MODEL_DIR = tmp_path
    services._LOADED.clear()
    services.train_task(Task.CONSTRUCTIVE)
    services.train_task(Task.TOXIC)
    opinions = "\n".join([
        "Đồ ngu, toàn lũ ăn hại, dự án này là để các ông chia chác với nhau.",
        "Đề nghị lùi chợ mới vào sâu 50 mét để không lấn hành lang quốc lộ, vì xe tải đi qua rất đông.",
        "ok",
    ])  # fmt: skip
    client = login(personas["commune_officer"])
    html = client.post("/phan-tich/gop-y/", {"opinions": opinions}).content.decode()
    table = html.split('data-testid="opinions"')[1]
    assert table.index("Đề nghị lùi chợ mới") < table.index("Đồ ngu") and 'class="table-danger"' in table
    empty = client.post("/phan-tich/gop-y/", {"opinions": "  \n "}).content.decode()
    assert "Dán hoặc tải lên ít nhất một ý kiến" in empty
    assert login(personas["viewer"]).get("/phan-tich/gop-y/").status_code == 403


def test_with_a_broker_a_worker_reads_the_case_not_the_request(tree, settings, monkeypatch,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    from danvan.insight import tasks

    sent = []
    monkeypatch.setattr(tasks.read_case, "delay", sent.append)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(tree)
    assert sent == [case.pk] and not CaseInsight.objects.exists()


def test_a_superuser_reaches_every_insight_page(tree, personas, login, trained):
    client = login(personas["superuser"])
    for url in (
        "/phan-tich/mo-hinh/",
        "/phan-tich/gop-y/",
        "/phan-tich/canh-bao/",
        f"/phan-tich/goi-y/?content={LAND}",
    ):
        assert client.get(url).status_code == 200, url
    assert 'data-testid="home-insight"' in client.get("/").content.decode()
