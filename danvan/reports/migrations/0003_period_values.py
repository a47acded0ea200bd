from django.db import migrations

# The period kinds follow the project's convention (snake_case): "6-thang" became "6_thang".
RENAMES = {"6-thang": "6_thang", "9-thang": "9_thang"}


def _rename(apps, schema_editor, forward=True):
    for model in ("PeriodicReport", "HistoricalPeriodicReport"):
        rows = apps.get_model("reports", model).objects
        for old, new in RENAMES.items():
            if not forward:
                old, new = new, old
            rows.filter(period_kind=old).update(period_kind=new)


def _back(apps, schema_editor):
    _rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_follow_up_reminders")]

    operations = [migrations.RunPython(_rename, _back)]
