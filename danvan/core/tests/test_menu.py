"""The menu offers each role exactly the pages it may open: shown answers 200, hidden answers 403."""

import pytest

from danvan.core.tests.markup import menu_links

PAGES = {
    "home": "/", "units": "/don-vi/", "cases": "/vu-viec/", "cadres": "/can-bo/", "reports": "/tong-hop/",
    "engagement": "/tiep-cong-dan/", "emulation": "/dan-van-kheo/",
    "warnings": "/phan-tich/canh-bao/", "attention": "/vu-viec/?attention=1", "opinions": "/phan-tich/gop-y/",
    "models": "/phan-tich/mo-hinh/", "users": "/tai-khoan/nguoi-dung/", "notices": "/thong-bao/",
    "password": "/tai-khoan/doi-mat-khau/", "two_factor": "/tai-khoan/xac-thuc-hai-buoc/",
}  # fmt: skip
EVERYONE = {"home", "units", "notices", "password", "two_factor"}
READERS = EVERYONE | {"cases", "cadres", "engagement", "emulation", "reports", "warnings", "attention"}
# Written out per role (accounts/choices.py ROLE_PERMS says why), not derived from the code under test.
MENU = {
    "superuser": set(PAGES),
    "national_admin": set(PAGES),
    "province_admin": set(PAGES),
    "province_leader": READERS,
    "commune_officer": READERS | {"opinions"},
    "village_member": READERS | {"opinions"},
    "viewer": READERS,
    "nobody": EVERYONE,
}


@pytest.mark.parametrize(("persona", "shown"), MENU.items())
def test_the_menu_shows_only_what_the_role_may_open(login, personas, persona, shown):
    client = login(personas[persona])
    links = set(menu_links(client.get("/").content.decode()))
    assert links == {PAGES[name] for name in shown}
    for name, url in PAGES.items():
        status = client.get(url).status_code
        assert status == (200 if name in shown else 403), (name, url, status)


PERMISSION = {
    "cases": "cases.list_cases", "cadres": "cadres.view_overview", "reports": "reports.view_dashboard",
    "warnings": "insight.view_warnings", "opinions": "insight.sort_opinions", "models": "insight.view_registry",
    "engagement": "engagement.view_pages", "emulation": "emulation.view_pages", "users": "accounts.list_users",
}  # fmt: skip


@pytest.mark.parametrize(("persona", "shown"), MENU.items())
def test_each_menu_permission_answers_for_the_role(personas, persona, shown):
    user = personas[persona]
    assert {name for name, perm in PERMISSION.items() if user.has_perm(perm)} == shown & PERMISSION.keys()
