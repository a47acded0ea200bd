"""One access sweep for the whole site: every URL pattern, as every role outside the records' units.

The records live in Phường Pleiku (built by each app's ``tests/access.py``, see ``sweep.py``). Each
role of the sibling commune (Phường Hội Phú) and of another province (Đắk Lắk), a user with no role
and an anonymous visitor open every entry: a record or a page about Pleiku answers 404 or 403, no
answer carries anything of Pleiku's records, and nothing in the database changes. The officer who
owns the records opens the same addresses, so a wrong address cannot pass as a refusal.
"""

import importlib
from html import unescape
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.core.tests import sweep
from danvan.units import services as unit_services

# Tables an outsider's request may add rows to: the log of refused attempts to open an identity is
# written on purpose (a refusal is recorded), and signing in writes a session.
MAY_GROW = {"cases.identityreveal", "sessions.session"}


def _modules():
    return [importlib.import_module(f"danvan.{app}.tests.access") for app in sweep.APPS]


def _patterns(resolver=None, namespace=""):
    """``namespace:name`` of every pattern in the URLconf (the route itself when a pattern has no name)."""
    found = []
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else item.namespace or namespace
            found += _patterns(item, inner or "")
        elif isinstance(item, URLPattern):
            name = item.name or f"<{item.pattern}>"
            found.append(f"{namespace}:{name}" if namespace else name)
    return found


def _entries(records):
    merged = {}
    for module in _modules():
        merged.update(module.entries(records))
    return merged


def test_every_url_pattern_of_the_site_has_an_entry_in_the_sweep(world):
    declared = set(_entries(world.records))
    missing = sorted(
        name for name in set(_patterns()) if name not in declared and name.split(":")[0] + ":*" not in declared
    )

    assert missing == [], f"Add these URL patterns to their app's tests/access.py: {missing}"


@pytest.fixture
def world(tree, personas):
    """Pleiku's records, with every module's part, and the personas that must not reach them."""
    built = sweep.World(tree, personas)
    for module in _modules():
        made = module.build(built)
        assert not set(made) & set(built.records), f"{module.__name__} reuses a record name"
        built.records.update(made)
    hoiphu, daklak = tree["hoiphu"], tree["daklak"]
    hoiphu_village = unit_services.villages_add_many(
        commune=hoiphu, items=[{"name": "Tổ dân phố 5", "division_type": "tổ dân phố"}]
    )[0]
    built.outsiders = {
        "sibling_admin": make_user("quantri.hoiphu", Role.ADMIN, hoiphu),
        "sibling_leader": make_user("lanhdao.hoiphu", Role.LEADER, hoiphu),
        "sibling_officer": personas["sibling_officer"],
        "sibling_village_member": make_user("tdv.hoiphu", Role.VILLAGE_MEMBER, hoiphu_village),
        "sibling_viewer": make_user("xem.hoiphu", Role.VIEWER, hoiphu),
        "province_admin_elsewhere": make_user("quantri.daklak", Role.ADMIN, daklak),
        "province_leader_elsewhere": make_user("lanhdao.daklak", Role.LEADER, daklak),
        "officer_elsewhere": personas["other_province_officer"],
        "no_role": personas["nobody"],
        "anonymous": None,
    }
    return built


OUTSIDERS = [
    "sibling_admin", "sibling_leader", "sibling_officer", "sibling_village_member", "sibling_viewer",
    "province_admin_elsewhere", "province_leader_elsewhere", "officer_elsewhere", "no_role", "anonymous",
]  # fmt: skip


def _snapshot(world):
    """Row counts of every table but those that may grow, and the stored values of every record built."""
    counts = {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in MAY_GROW
    }
    values = {
        key: type(obj)._default_manager.filter(pk=obj.pk).values().first()
        for key, obj in world.records.items()
        if hasattr(obj, "pk")
    }
    return counts, values


def _text(response):
    kind = response.get("Content-Type", "")
    if not (kind.startswith("text/") or "json" in kind) or getattr(response, "streaming", False):
        return ""
    return unescape(response.content.decode("utf-8", "replace"))


def _refused(response, kind, anonymous, method):
    """Whether ``response`` refuses an outsider as an entry of ``kind`` must."""
    location = response.get("Location", "")
    if anonymous and response.status_code == 302 and location.startswith("/dang-nhap/"):
        return True
    if kind == sweep.STAFF_ONLY:
        return response.status_code in (403, 404) or (
            response.status_code == 302 and location.startswith("/quan-tri/login/")
        )
    if kind in (sweep.RECORD, sweep.UNIT):
        return response.status_code in (403, 404, 405)  # 405: a POST-only address opened with GET
    return response.status_code < 500


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_no_one_outside_the_unit_reaches_its_records_by_any_address(outsider, world, client):
    visitor = world.outsiders[outsider]
    if visitor is not None:
        client.force_login(visitor)
    before = _snapshot(world)
    failures = []
    for name, entry in sorted(_entries(world.records).items()):
        for url in entry.urls:
            requests = [("GET", None)] + [("POST", data) for data in entry.posts]
            for method, data in requests:
                response = client.get(url) if method == "GET" else client.post(url, data)
                if not _refused(response, entry.kind, visitor is None, method):
                    failures.append(f"{method} {url} ({name}, {entry.kind}) answered {response.status_code}")
                body = _text(response)
                # What the visitor typed may come back in a search box; it is no leak of the record.
                typed = unquote(url) + " ".join(str(value) for value in (data or {}).values())
                leaked = [marker for marker in world.markers if marker in body and marker not in typed]
                if leaked:
                    failures.append(f"{method} {url} ({name}) shows {leaked}")
    assert failures == [], "\n".join(failures)
    assert _snapshot(world) == before


def test_those_inside_open_every_address_the_sweep_refuses_to_others(world, client):
    """The control: each record and unit page answers 200 to the administrator of Gia Lai (above Pleiku)
    or to the officer of Pleiku who made the records (a job or a denouncer's scan is theirs alone), so a
    refusal above comes from the scope, not from a mistyped address. A POST-only address (405 to a GET)
    is posted instead, and must not answer 404."""
    insiders = [world.personas["province_admin"], world.owner]
    wrong = []
    for name, entry in sorted(_entries(world.records).items()):
        if entry.kind not in (sweep.RECORD, sweep.UNIT):
            continue
        for url in entry.urls:
            answers = []
            for insider in insiders:
                client.force_login(insider)
                status = client.get(url).status_code
                if status == 405 and entry.posts:
                    status = 200 if client.post(url, entry.posts[0]).status_code != 404 else 404
                answers.append(status)
            if 200 not in answers:
                wrong.append(f"{url} ({name}) answered {answers}")
    assert wrong == [], "\n".join(wrong)
