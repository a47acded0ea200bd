"""core.bulk writes the same rows and audit rows as the ORM would, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from danvan.cadres.models import Appointment, Cadre
from danvan.core import bulk


def test_inserted_rows_read_back_with_ids_dates_and_audit(tree, personas):
    user = personas["commune_officer"]
    now = timezone.now()
    cadres = [
        Cadre(unit=tree["pleiku"], code=f"X{n}", full_name=f"Người {n}", full_name_folded=f"nguoi {n}", gender="nam",
              birth_year=1980 + n, is_party_member=n % 2 == 0, party_joined_on=datetime.date(2005, 3, n + 1),
              created_at=now, updated_at=now)
        for n in range(5)
    ]  # fmt: skip
    bulk.insert_objects(Cadre, cadres)
    assert all(c.pk for c in cadres) and len({c.pk for c in cadres}) == 5
    stored = {c.code: c for c in Cadre.objects.all()}
    assert stored["X3"].pk == cadres[3].pk
    assert stored["X3"].party_joined_on == datetime.date(2005, 3, 4) and stored["X3"].birth_year == 1983
    assert stored["X2"].is_party_member is True and stored["X1"].is_party_member is False
    assert abs((stored["X0"].created_at - now).total_seconds()) < 1
    posts = bulk.insert_objects(
        Appointment,
        [Appointment(cadre=c, unit=tree["pleiku"], title="khac", start=datetime.date(2025, 1, 2)) for c in cadres],
    )
    bulk.insert_history(Appointment, posts, user=user, reason="Nhập từ tệp")
    bulk.insert_history(Cadre, cadres, user=user, reason="Nhập từ tệp")
    record = Cadre.history.get(id=cadres[4].pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", user, "Nhập từ tệp")
    assert record.full_name == "Người 4" and record.photo == ""
    assert Appointment.history.filter(start=datetime.date(2025, 1, 2)).count() == 5


def test_large_batches_are_split_under_the_parameter_limit(tree):
    now = timezone.now()
    many = [
        Cadre(unit=tree["pleiku"], code=f"Y{n:05d}", full_name="A", full_name_folded="a", gender="nu", birth_year=1990,
              created_at=now, updated_at=now)
        for n in range(4000)
    ]  # fmt: skip
    bulk.insert_objects(Cadre, many)
    assert Cadre.objects.count() == 4000
    assert sorted(c.pk for c in many) == sorted(Cadre.objects.values_list("pk", flat=True))


def test_a_value_too_long_for_its_column_is_never_cut(tree):
    from django.db import DataError, connection, transaction

    now = timezone.now()
    cadre = Cadre(unit=tree["pleiku"], code="X" * 40, full_name="A", full_name_folded="a", gender="nu", birth_year=1990,
                  created_at=now, updated_at=now)  # fmt: skip
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            bulk.insert_objects(Cadre, [cadre])
        assert not Cadre.objects.exists()
    else:  # SQLite does not enforce lengths; the value is kept whole (the importer checks lengths first)
        bulk.insert_objects(Cadre, [cadre])
        assert Cadre.objects.get().code == "X" * 40
