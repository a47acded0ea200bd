"""No page carries code the Content-Security-Policy would block, nor an id written as 2.134.

Two nets: every template's source, and the pages as rendered for each persona, found by following
the links from the menu (so a template reached only through a detail page is checked too). The data
is made with ids above 1,000, like a real deployment's.
"""

import re
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from danvan.core.tests.markup import page_problems

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I),
    "<style>": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx code": re.compile(r"hx-on|[\"']js:", re.I),
}
# Not pages of ours, or not HTML: the admin, logging out, the language switch, files and exports.
SKIP = ("/quan-tri/", "/dang-xuat/", "/i18n/", "/static/", "/media/")
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def _markup_only(text):
    """The template's HTML with its tags and comments blanked out (same lines), so ``{% if only == … %}`` is no handler."""
    return TEMPLATE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def test_no_template_holds_inline_code():
    found = []
    for template in sorted(ROOT.glob("*/templates/**/*.html")):
        text = _markup_only(template.read_text(encoding="utf-8"))
        for what, pattern in SOURCE_PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert not found, "\n".join(found)


def _links(html, base):
    for href in re.findall(r'href="([^"#]*)"', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _shape(url):
    """Pages that differ only in filter values render the same template: visit one of each."""
    parts = urlsplit(url)
    keys = tuple(sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)}))
    path = re.sub(r"/\d+/", "/<id>/", parts.path)
    return path, keys


def crawl(client, start="/", limit=150):
    """Every HTML page reachable by GET from ``start``: {url: (status, problems)}."""
    seen, pages, queue = set(), {}, deque([start])
    while queue and len(pages) < limit:
        url = queue.popleft()
        if _shape(url) in seen or url.startswith(SKIP) or "format=" in url:
            continue
        seen.add(_shape(url))
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = (response.status_code, page_problems(html))
        if response.status_code == 200:
            queue.extend(_links(html, url))
    return pages


@pytest.mark.parametrize("persona", ["national_admin", "commune_officer", "village_member", "viewer", "nobody", None])
def test_the_rendered_pages_hold_no_inline_code_and_no_grouped_ids(client, records, personas, persona):
    if persona:
        client.force_login(personas[persona])
    pages = crawl(client, "/" if persona else "/phan-anh/gui/")
    assert len(pages) >= (25 if persona in ("national_admin", "commune_officer") else 3), sorted(pages)
    problems = [f"{url}: {p}" for url, (_status, found) in pages.items() for p in found]
    assert not problems, "\n".join(problems)
    errors = [f"{url}: {status}" for url, (status, _found) in pages.items() if status >= 500]
    assert not errors, errors
