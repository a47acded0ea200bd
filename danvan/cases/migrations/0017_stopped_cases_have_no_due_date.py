from django.db import migrations

# Statuses in which the handling unit's clocks have stopped (declined, forwarded to the competent body,
# withdrawn, merged, closed). Cases recorded before the clocks stopped on these steps may still carry
# the due date of their acceptance or resolution step, which the deadline sweep announced as overdue.
STOPPED = ["khong_thu_ly", "chuyen_don", "rut_don", "da_gop", "ket_thuc"]


def clear(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(status__in=STOPPED, due_on__isnull=False).update(due_on=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_identity_seal")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
