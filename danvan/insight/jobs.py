"""Background job: training the text models (a progress bar on the job page)."""

from django.utils.translation import gettext as _

from danvan.core.jobs import register

from . import services
from .models import Task


@register("insight.train", result_template="insight/_train_result.html")
def run_training(job, progress):
    tasks = job.params.get("tasks") or list(Task.values)
    made = services.train_all(acting_user=job.created_by, progress=progress, tasks=tasks)
    return {
        "models": [
            {"task": str(Task(m.task).label), "version": m.version, "samples": m.samples,
             "macro_f1": m.metrics.get("macro_f1"), "seconds": m.seconds}
            for m in made
        ],
        "message": _("Đã huấn luyện %(n)d mô hình.") % {"n": len(made)},
    }  # fmt: skip
