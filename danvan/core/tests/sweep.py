"""The site-wide access sweep: what every URL pattern must answer to people outside the records' units.

Each app declares its part in ``<app>/tests/access.py``:

- ``build(world)`` makes the app's records inside the target unit (Phường Pleiku) through its services
  and returns ``{name: object}``; ``world`` holds ``tree``, ``personas`` and what earlier apps built
  (``world.records``), and collects ``world.markers``: texts that belong to those records only (a
  name, a content, a tracking code) and must never appear in a page an outsider gets;
- ``entries(records)`` returns ``{url pattern name: Entry}`` for every pattern the app's ``urls.py``
  declares: how to reach the pattern with the target's ids, and what an outsider may get.

``test_access_sweep.py`` walks every pattern of the URLconf and fails when one has no entry, then
opens every entry as each role of the sibling commune and of another province (and as a user with
no role and an anonymous visitor): a record or a unit page is a 404 or a 403, every page is free of
the target's markers, and nothing in the database has changed. A new module adds its
``tests/access.py`` and names its app in ``APPS``.
"""

from dataclasses import dataclass, field

# The apps whose tests/access.py the sweep reads, in the order their records are built.
APPS = ["accounts", "units", "core", "cadres", "cases", "insight", "engagement", "emulation", "reports"]

RECORD = "record"  # names a record of the target unit: 404 (or 403) to anyone outside it
UNIT = "unit"  # a page about the target unit (?unit=<id>): 404 (or 403)
OWN = "own"  # a page about the visitor's own scope: any answer but an error, with nothing of the target
PUBLIC = "public"  # open to anyone: the same, signed in or not
STAFF_ONLY = "staff_only"  # Django's admin: only superusers get past its login


@dataclass
class Entry:
    """One URL pattern, reached with the target's ids."""

    kind: str
    urls: list
    # Form data to POST to each url, one request each (writes a missing check would let through).
    posts: list = field(default_factory=lambda: [{}])
    # Why an OWN or PUBLIC page may be reached at all, for the reader of the table.
    note: str = ""


def _posts(post, posts, get_only):
    if get_only:
        return []
    if posts is not None:
        return list(posts)
    return [post or {}]


def record(*urls, post=None, posts=None, get_only=False):
    return Entry(RECORD, list(urls), _posts(post, posts, get_only))


def unit_page(*urls, post=None, posts=None, get_only=False):
    return Entry(UNIT, list(urls), _posts(post, posts, get_only))


def own(*urls, post=None, posts=None, note="", get_only=False):
    return Entry(OWN, list(urls), _posts(post, posts, get_only), note)


def public(*urls, post=None, posts=None, note="", get_only=False):
    return Entry(PUBLIC, list(urls), _posts(post, posts, get_only), note)


def staff_only(*urls):
    return Entry(STAFF_ONLY, list(urls), [])


def with_unit(url, unit):
    return f"{url}{'&' if '?' in url else '?'}unit={unit.pk}"


class World:
    """What the apps' ``build`` functions share: the tree, the personas, the records so far, the markers."""

    def __init__(self, tree, personas):
        self.tree = tree
        self.personas = personas
        self.target = tree["pleiku"]
        self.owner = personas["commune_officer"]
        self.records = {}
        self.markers = []

    def mark(self, *texts):
        self.markers.extend(text for text in texts if text)
