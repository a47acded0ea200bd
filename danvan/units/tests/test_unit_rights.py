"""Who may see and change which unit, asked of ``rules.may`` and of the services directly, persona by
persona. The sets are written out; they are not derived from ``rules.py``, the services or the roles'
table.

A unit is seen in the scope; a unit's record is changed by its administrators ("manage users" right),
and a village's also by the officers of its commune ("manage" right); villages are added to an active
commune and imported below a commune or a province by whoever manages there.
"""

import datetime

import pytest
import rules as django_rules
from django.core.exceptions import PermissionDenied

from danvan.units import rules, services  # noqa: F401 (declares the units' rules)
from danvan.units.models import Unit

PERSONAS = (
    "superuser", "national_admin", "province_admin", "province_leader", "commune_officer", "sibling_officer",
    "other_province_officer", "village_member", "viewer", "nobody",
)  # fmt: skip
ADMINS = {"superuser", "national_admin", "province_admin"}
SEE_PLEIKU = ADMINS | {"province_leader", "commune_officer", "viewer"}


@pytest.fixture
def world(tree):
    closed = Unit.objects.get(pk=tree["hoiphu"].pk)
    Unit.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    return {**tree, "none": None, "closed_commune": closed}


# (permission, unit) → the personas who hold it.
TABLE = [
    ("units.view_unit", "pleiku", SEE_PLEIKU),
    ("units.view_unit", "village", SEE_PLEIKU | {"village_member"}),
    ("units.view_unit", "none", set()),
    ("units.change_unit", "nation", {"superuser", "national_admin"}),
    ("units.change_unit", "gialai", ADMINS),
    ("units.change_unit", "pleiku", ADMINS),
    ("units.change_unit", "village", ADMINS | {"commune_officer"}),
    ("units.change_unit", "none", set()),
    ("units.add_village", "pleiku", ADMINS | {"commune_officer"}),
    ("units.add_village", "closed_commune", set()),
    ("units.add_village", "village", set()),
    ("units.add_village", "gialai", set()),
    ("units.add_village", "none", set()),
    ("units.import_villages", "pleiku", ADMINS | {"commune_officer"}),
    ("units.import_villages", "gialai", ADMINS),
    ("units.import_villages", "village", set()),
    ("units.import_villages", "none", set()),
]


@pytest.mark.parametrize(("perm", "obj", "granted"), TABLE, ids=[f"{p}-{o}" for p, o, _g in TABLE])
def test_who_holds_each_permission(world, personas, perm, obj, granted):
    # Asked of the rule itself: ``user.has_perm`` would answer yes to a superuser before any rule.
    assert {name for name in PERSONAS if django_rules.has_perm(perm, personas[name], world[obj])} == granted


# Each write on a unit, called as each persona; who may do it (the others get PermissionDenied).
WRITES = {
    "add_village": (
        lambda user, w: services.village_create(commune=w["pleiku"], acting_user=user, name="Tổ dân phố 7",
                                                division_type="tổ dân phố"),
        ADMINS | {"commune_officer"},
    ),
    "rename_village": (
        lambda user, w: services.unit_update(unit=w["village"], acting_user=user, name="Tổ dân phố Một",
                                             division_type="tổ dân phố", is_remote=False),
        ADMINS | {"commune_officer"},
    ),
    "rename_commune": (
        lambda user, w: services.unit_update(unit=w["pleiku"], acting_user=user, name="Phường Pleiku mới",
                                             division_type="phường", is_remote=False),
        ADMINS,
    ),
    "close_village": (
        lambda user, w: services.unit_deactivate(unit=w["village"], acting_user=user,
                                                 on_date=datetime.date(2026, 3, 2)),
        ADMINS | {"commune_officer"},
    ),
    "close_commune": (
        lambda user, w: services.unit_deactivate(unit=w["bmt"], acting_user=user, on_date=datetime.date(2026, 3, 2)),
        {"superuser", "national_admin"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_on_a_unit_refuses_who_may_not_do_it(world, personas, write):
    call, allowed = WRITES[write]
    done = set()
    for name in PERSONAS:
        try:
            with_rollback(lambda name=name: call(personas[name], world))
        except PermissionDenied:
            continue
        finally:
            for unit in ("pleiku", "village", "bmt"):
                world[unit].refresh_from_db()  # what an undone write changed in memory
        done.add(name)
    assert done == allowed


def test_a_closed_unit_is_reopened_only_by_who_may_change_it(world, personas):
    village = world["village"]
    services.unit_deactivate(unit=village, acting_user=personas["province_admin"], on_date=datetime.date(2026, 3, 2))
    for name in ("province_leader", "viewer", "village_member", "sibling_officer", "nobody"):
        with pytest.raises(PermissionDenied):
            services.unit_reactivate(unit=village, acting_user=personas[name])
    services.unit_reactivate(unit=village, acting_user=personas["commune_officer"])
    village.refresh_from_db()
    assert village.is_active


class _Undo(Exception):
    pass


def with_rollback(call):
    """Run a write and undo it, so that the next persona meets the same units."""
    from django.db import transaction

    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        pass
