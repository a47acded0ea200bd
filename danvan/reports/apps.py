from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    verbose_name = _("Tổng hợp, đánh giá và báo cáo")

    def ready(self):
        # Each app declares its dashboard panels and report sections in ``<app>/report_sections.py``.
        autodiscover_modules("report_sections")
        from danvan.core.sections import SECTIONS

        SECTIONS.drill_page = "reports:dashboard"  # where a table's row drills down to (core names no app)
        from danvan.cadres import panels as cadre_panels

        from . import (
            jobs,  # noqa: F401  (registers the job that writes a report's files)
            panels,
        )

        cadre_panels.register(panels.cadre_card_panel)
        from danvan.core.panels import HOME

        HOME.register(panels.home_panel)
