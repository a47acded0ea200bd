from django.db import migrations


def load(apps, schema_editor):
    from danvan.cases.choices import FIELDS

    Field = apps.get_model("cases", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_cases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
