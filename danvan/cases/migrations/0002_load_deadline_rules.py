from django.db import migrations


def load(apps, schema_editor):
    from danvan.cases import deadline_data

    deadline_data.load(apps.get_model("cases", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
