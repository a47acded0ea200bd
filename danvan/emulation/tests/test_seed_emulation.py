"""The demo's "Dân vận khéo" data: every stage and field, a spread flagged, a sheet waiting, models at risk, a
replicated model, a commendation; made once."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from conftest import make_user
from danvan.accounts.choices import Role
from danvan.emulation import selectors
from danvan.emulation.choices import Field, Stage
from danvan.emulation.models import Award, Evaluation, Practice, Rubric, Scoresheet

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_stage_and_field_models_at_risk_and_a_family(tree, personas):
    make_user("tiepdan.pleiku", Role.OFFICER, tree["pleiku"], full_name="Đinh Văn Thuận")
    with time_machine.travel(at(TODAY, 10), tick=False):
        out = StringIO()
        call_command("seed_emulation", stdout=out)
        assert "mô hình, điển hình" in out.getvalue()
        made = Practice.objects.count()
        assert set(Practice.objects.values_list("stage", flat=True)) == set(Stage)
        assert set(Practice.objects.values_list("field", flat=True)) == set(Field)
        assert set(Practice.objects.values_list("kind", flat=True)) == {"mo_hinh", "dien_hinh"}
        assert Practice.objects.filter(unit=tree["village"]).count() == 2  # the village team's own and a copy
        assert list(Rubric.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
        old = Evaluation.objects.filter(opened_on__year=2023).first()
        assert old is not None and old.rubric.version == 1  # judged by the rubric of its time
        assert Evaluation.objects.filter(flagged=True).exclude(note="").exists()
        waiting = Scoresheet.objects.filter(evaluator=personas["province_leader"], submitted_at__isnull=True)
        assert waiting.exists()
        road = Practice.objects.get(unit=tree["pleiku"], year=2023)
        assert road.replicas.count() == 1 and road.replicas.get().replicas.count() == 1
        risky = selectors.at_risk(personas["province_admin"], tree["gialai"], TODAY)
        assert len(risky) >= 1
        assert Award.objects.filter(conference__isnull=False, practices__isnull=False).exists()
        call_command("seed_emulation", stdout=StringIO())
        assert Practice.objects.count() == made
