from danvan.units import services


def test_it_records_who_changed_what_and_shows_it_on_the_unit_page(login, personas, tree):
    client = login(personas["commune_officer"])
    client.post(
        f"/don-vi/{tree['village'].pk}/sua/",
        {"name": "Tổ dân phố Hoa Lư", "division_type": "tổ dân phố", "is_remote": "on"},
    )
    record = tree["village"].history.first()
    assert record.history_user == personas["commune_officer"]
    assert record.history_type == "~"
    delta = record.diff_against(record.prev_record)
    assert {c.field for c in delta.changes} >= {"name", "is_remote"}
    page = client.get(f"/don-vi/{tree['village'].pk}/").content.decode()
    assert "Tổ dân phố 1" in page and "Tổ dân phố Hoa Lư" in page  # old → new
    assert "canbo.pleiku" in page or "Nguyễn Văn An" in page


def test_it_records_bulk_changes_with_a_reason(personas, tree):
    services.units_set_remote(units=[tree["hoiphu"]], is_remote=True, acting_user=personas["province_admin"])
    record = tree["hoiphu"].history.first()
    assert record.history_user == personas["province_admin"]
    assert record.history_change_reason == "Cập nhật vùng khó khăn"
    assert record.is_remote is True
