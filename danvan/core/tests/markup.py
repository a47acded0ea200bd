"""Checks on rendered HTML shared by the page tests and the production smoke test (scripts/smoke_production.py).

``inline_code(html)`` lists what the Content-Security-Policy would block: inline ``<script>`` and
``<style>``, ``style="…"``, ``on…="…"`` handlers, ``javascript:`` URLs and htmx attributes that need
``eval`` (``hx-on…``, ``js:`` values). ``localised_numbers(html)`` lists ids and other numbers written
with a thousands separator (``unit=2.134``) in links, form values and ``data-`` attributes.
``menu_links(html)`` reads the main menu, so no list of pages is kept by hand.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

# 1.234 or 12.345.678: a whole number grouped by dots or commas, as the Vietnamese or English locale writes it.
GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
URL_ATTRIBUTES = {"href", "action", "src", "formaction", "hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch"}
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline, self.numbers = [], []
        self._script = None

    def handle_starttag(self, tag, attrs):
        where = f"<{tag}> line {self.getpos()[0]}"
        values = dict(attrs)
        if tag == "script":
            kind = (values.get("type") or "").lower()
            if not values.get("src") and kind not in DATA_BLOCK_TYPES:
                self._script = where
        if tag == "style":
            self.inline.append(f"{where}: inline <style>")
        for name, value in attrs:
            value = value or ""
            if name == "style":
                self.inline.append(f'{where}: style="{value}"')
            elif name.startswith("on"):
                self.inline.append(f'{where}: handler {name}="{value}"')
            elif name.startswith("hx-on"):
                self.inline.append(f"{where}: htmx handler {name}")
            elif value.strip().lower().startswith(("javascript:", "js:")):
                self.inline.append(f'{where}: {name}="{value}"')
            self._check_number(where, name, value)

    def _check_number(self, where, name, value):
        if name in URL_ATTRIBUTES:
            parts = urlsplit(value)
            pieces = [*parts.path.split("/"), *(v for _k, v in parse_qsl(parts.query, keep_blank_values=True))]
        elif name == "value" or name.startswith("data-"):
            pieces = [value]
        else:
            return
        for piece in pieces:
            if GROUPED.match(piece.strip()):
                self.numbers.append(f'{where}: {name}="{value}"')
                return

    def handle_data(self, data):
        if self._script and data.strip():
            self.inline.append(f"{self._script}: inline <script> {data.strip()[:60]!r}")
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def _collect(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def menu_links(html):
    """The links of the main menu (``#mainnav``) of a rendered page, in order, ``&amp;`` decoded."""
    if 'id="mainnav"' not in html:
        return []
    nav = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"#]+)"', nav)]


def inline_code(html):
    """What the Content-Security-Policy would refuse in ``html``, one line each."""
    return _collect(html).inline


def localised_numbers(html):
    """Numbers with a thousands separator in ``html``'s links, form values and ``data-`` attributes."""
    return _collect(html).numbers
