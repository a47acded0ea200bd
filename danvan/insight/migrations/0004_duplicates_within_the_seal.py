from django.db import migrations


def drop_pairs_across_the_seal(apps, schema_editor):
    """Near-duplicate proposals between a denunciation and any other kind of case named the denouncer
    to every viewer of the unit; denunciations are now compared only with denunciations."""
    DuplicateCandidate = apps.get_model("insight", "DuplicateCandidate")
    first_sealed = DuplicateCandidate.objects.filter(first__kind="to_cao").exclude(second__kind="to_cao")
    second_sealed = DuplicateCandidate.objects.filter(second__kind="to_cao").exclude(first__kind="to_cao")
    DuplicateCandidate.objects.filter(pk__in=first_sealed.values("pk")).delete()
    DuplicateCandidate.objects.filter(pk__in=second_sealed.values("pk")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0003_early_warnings"),
        ("cases", "0016_identity_seal"),
    ]

    operations = [migrations.RunPython(drop_pairs_across_the_seal, migrations.RunPython.noop)]
