from django.db import migrations

FIELDS = ("title", "unit_kind", "days", "period", "delegation_allowed", "effective_from", "effective_to", "legal_basis")


def load(apps, schema_editor):
    from danvan.engagement.duty_data import DUTY_RULES

    DutyRule = apps.get_model("engagement", "DutyRule")
    for row in DUTY_RULES:
        values = dict(zip(FIELDS, row, strict=True))
        DutyRule.objects.get_or_create(
            title=values["title"], unit_kind=values["unit_kind"], effective_from=values["effective_from"],
            defaults=values,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
