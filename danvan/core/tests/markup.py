"""Checks on rendered HTML shared by the page tests and the production smoke test (scripts/smoke_production.py).

``inline_code(html)`` lists what the Content-Security-Policy would block: inline ``<script>`` and
``<style>``, ``style="…"``, ``on…="…"`` handlers, ``javascript:`` URLs and htmx attributes that need
``eval`` (``hx-on…``, ``js:`` values). ``localised_numbers(html)`` lists ids and other numbers written
with a thousands separator (``unit=2.134``) or a decimal comma in links, form values and ``data-``
attributes.
``page_problems(html)`` gives both as lines; ``menu_links(html)`` reads the main menu, so no list of
pages is kept by hand.
"""

import re
from html.parser import HTMLParser

DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
# A whole number printed with thousands separators (2.134, 1.234.567 or 2,134): never an id or a year.
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
_NUMERIC_ATTRIBUTES = ("href", "action", "value", "src", "formaction")
# A decimal written with a comma (13,98) where a machine reads the number: a link, a data- or aria-value attribute.
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d+(?![\d,])")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline = []
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
    """``(tag, attribute, value)`` for every link, form value or ``data-`` attribute holding a localised number.

    Localised means grouped (``2.134``) anywhere, or a decimal comma (``13,98``) where a machine reads it.
    """
    found = []

    class Scanner(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if not value:
                    continue
                machine = name in ("href", "src", "action") or name.startswith(("data-", "aria-value"))
                grouped = (name in _NUMERIC_ATTRIBUTES or machine) and _GROUPED.search(value)
                if grouped or (machine and _DECIMAL_COMMA.search(value)):
                    found.append((tag, name, value))

    Scanner().feed(html)
    return found


def page_problems(html):
    """Both checks on one page, one line each: what the policy would block and every localised number."""
    numbers = [f'<{tag}> {name}="{value}": a localised number' for tag, name, value in localised_numbers(html)]
    return inline_code(html) + numbers
