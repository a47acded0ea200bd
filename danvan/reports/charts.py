"""Chart.js settings for a table's chart, built from the table itself so the chart and its numbers agree."""

from django.utils.translation import gettext as _

MOST = 15


def chart_config(table):
    """Labels and series for the table's chart; long bar charts keep the ``MOST`` largest rows."""
    if table.chart is None or not table.rows:
        return None
    rows = table.rows
    title = ""
    if len(rows) > MOST and table.chart.kind in ("bar", "hbar"):
        first = table.chart.values[0]
        rows = sorted(rows, key=lambda r: -(r.cells[first] or 0))[:MOST]
        title = _("%(n)d dòng có số lớn nhất") % {"n": MOST}
    labels = [str(row.cells[0]) for row in rows]
    datasets = [
        {"label": str(table.columns[i].label), "data": [row.cells[i] for row in rows]} for i in table.chart.values
    ]
    return {"kind": table.chart.kind, "labels": labels, "datasets": datasets, "title": title}
