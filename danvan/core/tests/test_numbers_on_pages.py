"""Figures on a page use one format (core/numbers.py): 1.234.567; 94,4%; 4,25; never 72.37 beside 94,4%."""

import re

from django.template import Context, Template

from danvan.insight.models import ModelVersion

DOTTED = re.compile(r"\d\.\d{1,2}(?!\d)")  # a decimal point ("72.37"), not a thousands dot ("1.234")


def render(text, **context):
    return Template("{% load danvan %}" + text).render(Context(context))


def test_the_filters_write_vietnamese_figures_whatever_the_localisation():
    page = "{% load l10n %}{% localize off %}{{ a|number }} {{ b|percent }} {{ c|decimal_comma:2 }} {{ d|percent:2 }}{% endlocalize %}"
    assert render(page, a=1234567, b=94.44, c=4.254, d=72.37) == "1.234.567 94,4% 4,25 72,37%"
    assert render("{{ a|number }} {{ a|percent }} {{ a|decimal_comma }}", a=None) == "— — —"


def test_the_model_registry_writes_its_scores_like_the_reports(personas, login):
    ModelVersion.objects.create(
        task="linh_vuc", version=3, file="field-v3.joblib", data_hash="a" * 64, samples=12480, labels=["dat_dai"],
        metrics={"accuracy": 72.37, "macro_f1": 68.5, "weighted_f1": 71.02, "per_label": {"dat_dai": 94.4}},
        sources={"seed": 12000, "case": 480}, seconds=12.34, is_active=True,
    )  # fmt: skip
    html = login(personas["national_admin"]).get("/phan-tich/mo-hinh/").content.decode()
    table = html[html.index('data-testid="models-linh_vuc"') :].split("<h2")[0].split("</main>")[0]
    assert "72,37%" in table and "68,50%" in table and "94,40%" in table and "12.480" in table and "12,3 s" in table
    assert not DOTTED.search(re.sub(r"<[^>]+>", " ", table))


def test_the_cadre_pages_write_shares_with_a_comma():
    from django.template.loader import render_to_string

    html = render_to_string("cadres/_share.html", {"share": 94.44})
    assert "94,4%" in html and "94.4%" not in html
    assert 'aria-valuenow="94.44"' in html  # the machine's value stays plain
