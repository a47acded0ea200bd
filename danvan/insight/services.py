"""Training, the model registry, and reading cases: field suggestion, urgency and anger flags.

Models are files under ``settings.INSIGHT_MODEL_DIR`` (``<task>-v<n>.joblib``) with a
``ModelVersion`` row each: the hash of the data they learned from, their cross-validated quality,
the date. One version per task is active; a case is read by the active ones when it arrives.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping

from . import corpus, engine
from .models import CaseInsight, Decision, ModelVersion, Task

log = logging.getLogger(__name__)
BINARY = {Task.URGENT, Task.ANGRY, Task.CONSTRUCTIVE, Task.TOXIC}
FLAG_AT = 0.5  # probability from which a text is put in front of a human
# Words that carry no reason on their own, left out of the explanations shown.
_STOP = {"ra", "mới", "của", "và", "có", "là", "được", "cho", "đã", "các", "những", "này", "thì", "mà", "ở", "với",
         "không", "rồi", "nữa", "đến", "từ", "trong", "một", "người", "tôi", "nhà", "xin", "đề nghị", "ạ"}  # fmt: skip


def model_dir():
    path = Path(settings.INSIGHT_MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- training data --------------------------------------------------------------------------


def training_data(task):
    """``(texts, labels, sources)`` for ``task``: the seed corpus plus what officers decided."""
    from danvan.cases.models import Field

    texts, labels, sources = [], [], {}

    def add(source, text, label):
        texts.append(text)
        labels.append(str(label))
        sources[source] = sources.get(source, 0) + 1

    if task == Task.FIELD:
        active = set(Field.objects.filter(is_active=True).values_list("code", flat=True))
        for row in corpus.seed_cases():
            if row["field"] in active:
                add("seed", row["text"], row["field"])
        decided = (
            CaseInsight.objects.exclude(decision=Decision.PENDING)
            .filter(decided_field__is_active=True)
            .order_by("pk")
            .values_list("case__content", "decided_field__code")
        )
        for content, code in decided.iterator():
            add("cases", content, code)
    elif task in (Task.URGENT, Task.ANGRY):
        key = "urgent" if task == Task.URGENT else "angry"
        for row in corpus.seed_cases():
            add("seed", row["text"], int(row[key]))
        if task == Task.URGENT:
            for content, label in (
                CaseInsight.objects.filter(urgent_label__isnull=False).order_by("pk").values_list("case__content",
                                                                                                 "urgent_label")
            ):  # fmt: skip
                add("cases", content, int(label))
    else:
        key = "constructive" if task == Task.CONSTRUCTIVE else "toxic"
        for row in corpus.seed_comments():
            add("seed", row["text"], int(row[key]))
    return texts, labels, sources


# --- registry -------------------------------------------------------------------------------


def train_task(task, *, user=None, progress=None):
    """Train ``task`` on its current data, save the file, register it as the active version."""
    import joblib

    texts, labels, sources = training_data(task)
    trained = engine.train(texts, labels, binary=task in BINARY, progress=progress)
    with transaction.atomic():
        latest = ModelVersion.objects.select_for_update().filter(task=task).order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        name = f"{task}-v{version}.joblib"
        joblib.dump(trained.pipeline, model_dir() / name, compress=3)
        ModelVersion.objects.filter(task=task, is_active=True).update(is_active=False)
        made = ModelVersion.objects.create(
            task=task, version=version, file=name, data_hash=trained.data_hash, samples=trained.samples,
            labels=trained.labels, metrics=trained.metrics, sources=sources, seconds=round(trained.seconds, 2),
            trained_by=user, is_active=True,
        )  # fmt: skip
    _LOADED.clear()
    return made


def train_all(*, user=None, progress=None, tasks=None):
    tasks = list(tasks or Task.values)
    made = []
    for n, task in enumerate(tasks):
        if progress:
            progress(n, len(tasks), str(Task(task).label))
        made.append(train_task(task, user=user))
    if progress:
        progress(len(tasks), len(tasks), _("xong"))
    return made


def may_train(user):
    """Models serve the whole deployment: national administrators train and switch them."""
    from danvan.units.models import Unit

    root = Unit.objects.filter(depth=1).first()
    return bool(user.is_superuser or (root and scoping.path_in_scope(user, root.path, scoping.MANAGE_USERS)))


def model_activate(version, *, user):
    """Go back to (or forward to) a trained version."""
    if not may_train(user):
        raise PermissionDenied
    if not (model_dir() / version.file).exists():
        raise ValidationError(_("Tệp của mô hình này không còn trên máy chủ; hãy huấn luyện lại."))
    with transaction.atomic():
        ModelVersion.objects.filter(task=version.task, is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
    _LOADED.clear()


_LOADED = {}


def active_model(task):
    """``(ModelVersion, pipeline)`` of the active version of ``task``, or ``(None, None)``."""
    import joblib

    version = ModelVersion.objects.filter(task=task, is_active=True).first()
    if version is None:
        return None, None
    pipeline = _LOADED.get(version.pk)
    if pipeline is None:
        path = model_dir() / version.file
        if not path.exists():
            log.warning("model file missing: %s", path)
            return None, None
        # The file was written by train_task on this server; it is never uploaded.
        pipeline = joblib.load(path)  # nosec B301
        for stale in [pk for pk, (task_of, _p) in _LOADED.items() if task_of == task]:
            del _LOADED[stale]  # one version per task stays loaded
        _LOADED[version.pk] = (task, pipeline)
    else:
        pipeline = pipeline[1]
    return version, pipeline


# --- reading a text -------------------------------------------------------------------------


def _reasons(pipeline, item, label, k=5):
    return [w for w in engine.explain(pipeline, item, label, k=k + 4) if w not in _STOP][:k]


def suggest_field(content):
    """The field the text is most likely about: ``{"field", "confidence", "reasons", "alternatives",
    "version"}`` (codes), or None when no model is trained."""
    version, pipeline = active_model(Task.FIELD)
    if pipeline is None or not (content or "").strip():
        return None
    probabilities = engine.predict(pipeline, [content])[0]
    classes = [str(c) for c in pipeline.classes_]
    order = probabilities.argsort()[::-1]
    best = classes[order[0]]
    return {
        "field": best,
        "confidence": float(probabilities[order[0]]),
        "reasons": _reasons(pipeline, content, best),
        "alternatives": [(classes[i], round(float(probabilities[i]), 3)) for i in order[1:3]],
        "version": version.version,
    }


def read_signal(task, content):
    """``(probability, words behind it, version)`` for a binary task, or ``(0, [], None)`` untrained."""
    version, pipeline = active_model(task)
    if pipeline is None or not (content or "").strip():
        return 0.0, [], None
    probability = float(engine.predict(pipeline, [content])[0][list(pipeline.classes_).index("1")])
    words = _reasons(pipeline, content, "1", k=4) if probability >= FLAG_AT else []
    return probability, words, version.version


def analyse_case(case):
    """Read a case with the active models and store what they said (``CaseInsight``).

    A case an officer entered with a field already chosen counts as that officer's decision (a
    training example), accepted or corrected against the suggestion.
    """
    from danvan.cases.models import Field

    if not ModelVersion.objects.filter(is_active=True, task__in=[Task.FIELD, Task.URGENT, Task.ANGRY]).exists():
        return None  # nothing trained yet: the case is read after the first training (`analyse_cases`)
    suggestion = suggest_field(case.content)
    urgent, urgent_words, urgent_version = read_signal(Task.URGENT, case.content)
    angry, angry_words, angry_version = read_signal(Task.ANGRY, case.content)
    fields = {f.code: f for f in Field.objects.all()}
    values = {
        "urgent": urgent, "angry": angry, "signals": list(dict.fromkeys(urgent_words + angry_words))[:6],
        "flagged": urgent >= FLAG_AT or angry >= FLAG_AT,
        "model_versions": {Task.FIELD.value: suggestion and suggestion["version"], Task.URGENT.value: urgent_version,
                           Task.ANGRY.value: angry_version},
    }  # fmt: skip
    if suggestion is not None:
        values.update(
            suggested_field=fields.get(suggestion["field"]), confidence=suggestion["confidence"],
            reasons=suggestion["reasons"], alternatives=suggestion["alternatives"],
        )  # fmt: skip
    if case.entered_by_id and case.field_id:
        accepted = suggestion is not None and fields.get(suggestion["field"]) == case.field
        values.update(
            decision=Decision.ACCEPTED if accepted else Decision.CORRECTED, decided_field_id=case.field_id,
            decided_by_id=case.entered_by_id, decided_at=timezone.now(),
        )  # fmt: skip
    insight, _created = CaseInsight.objects.update_or_create(case=case, defaults=values)
    return insight


def on_case_received(sender, case, **kwargs):
    """Read each new case once it is committed. With a broker (production) a worker does it, so the
    citizen's request does not wait; without one (embedded mode, tests) it is done here. A failure
    never loses the submission."""
    from django.conf import settings

    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        from .tasks import read_case

        read_case.delay(case.pk)
        return
    read_case_now(case)


def read_case_now(case):
    try:
        analyse_case(case)
    except Exception:  # noqa: BLE001 - the case is saved; its reading can be redone by `analyse_cases`
        log.exception("could not analyse case %s", case.pk)
    try:
        with transaction.atomic():
            find_duplicates_of(case)
    except Exception:  # noqa: BLE001 - the weekly sweep (`find_duplicates`) catches up
        log.exception("could not look for duplicates of case %s", case.pk)


# --- officers' decisions --------------------------------------------------------------------


def field_decide(*, case, field, user):
    """The officer confirms the case's field (the suggestion, or another): the case takes it, the log
    records it, and the case becomes a training example for the next model."""
    from danvan.cases import services as case_services
    from danvan.cases.models import Case
    from danvan.cases.workflow import Event

    if not scoping.path_in_scope(user, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    if field is None or not field.is_active:
        raise ValidationError({"field": _("Chọn lĩnh vực.")})
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    accepted = insight.suggested_field_id == field.pk
    with transaction.atomic():
        case_services.case_record(
            case=case, event=Event.NOTE, actor=user,
            note=_("Xác nhận lĩnh vực: %(field)s") % {"field": field.name},
            data={"field": field.code, "suggested": insight.suggested_field.code if insight.suggested_field else None},
        )  # fmt: skip
        Case.objects.filter(pk=case.pk).update(field=field)
        CaseInsight.objects.filter(pk=insight.pk).update(
            decision=Decision.ACCEPTED if accepted else Decision.CORRECTED, decided_field=field, decided_by=user,
            decided_at=timezone.now(),
        )  # fmt: skip
    case.field = field
    insight.refresh_from_db()
    return insight


def flag_decide(*, case, urgent, user):
    """The officer says whether the case really needs looking at first; the answer trains the next model."""
    if not scoping.path_in_scope(user, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    CaseInsight.objects.filter(pk=insight.pk).update(
        urgent_label=bool(urgent), flagged=bool(urgent), flag_cleared_by=None if urgent else user
    )
    insight.refresh_from_db()
    return insight


# --- near-duplicates ------------------------------------------------------------------------

DUPLICATE_WINDOW_DAYS = 180  # a new case is compared with the cases received in this many days
MAX_COMPARED = 200  # and with at most this many of them (those sharing a band key, newest first)


def _print_rows(cases, signatures):
    from . import dedup
    from .models import TextBand, TextPrint

    prints = [TextPrint(case_id=c.pk, signature=sig.tobytes(), received_on=c.received_on)
              for c, sig in zip(cases, signatures, strict=True)]  # fmt: skip
    keys = dedup.band_keys(signatures)
    bands = [TextBand(case_id=c.pk, key=int(k)) for c, row in zip(cases, keys, strict=True) for k in set(row.tolist())]
    TextPrint.objects.bulk_create(prints, ignore_conflicts=True)
    TextBand.objects.bulk_create(bands, batch_size=5000)
    return keys


def _propose(pairs, found_by):
    """Record proposed pairs ``[(case id, case id, similarity)]``, keeping those already known."""
    from .models import DuplicateCandidate

    rows = [DuplicateCandidate(first_id=min(a, b), second_id=max(a, b), similarity=s, found_by=found_by)
            for a, b, s in pairs if a != b]  # fmt: skip
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)


def _same_side_of_the_seal(case):
    """Cases a case may be compared with: denunciations only with denunciations, the rest only with the rest.

    A denunciation taken at the desk is often written from a petition the same person sent online under
    their name; proposing that petition as its near-duplicate would tell every viewer who denounced.
    """
    from danvan.cases.choices import CaseKind

    if case.kind == CaseKind.DENUNCIATION:
        return Q(case__kind=CaseKind.DENUNCIATION)
    return ~Q(case__kind=CaseKind.DENUNCIATION)


def find_duplicates_of(case):
    """Fingerprint a new case and propose the recent cases it nearly repeats (any unit, any level, the
    same side of the seal: see ``_same_side_of_the_seal``)."""
    import datetime

    import numpy as np
    from django.db.models import Count

    from . import dedup
    from .models import DuplicateCandidate, TextBand, TextPrint

    signature = dedup.signatures([case.content])[0]
    if not signature.any():
        return []
    if TextPrint.objects.filter(case_id=case.pk).exists():
        keys = dedup.band_keys(signature[None, :])[0]
    else:
        keys = _print_rows([case], signature[None, :])[0]
    since = case.received_on - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    wanted = [int(k) for k in set(keys.tolist())]
    # A key shared by very many cases is boilerplate (or a mass campaign already proposed); compare with
    # the cases behind the rarer keys, the most recent first, and at most MAX_COMPARED of them.
    sizes = dict(TextBand.objects.filter(key__in=wanted).values_list("key").annotate(n=Count("id")).order_by())
    rare = [k for k in wanted if sizes.get(k, 0) <= dedup.MAX_BUCKET]
    others = list(
        TextBand.objects.filter(_same_side_of_the_seal(case), key__in=rare)
        .exclude(case_id=case.pk)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("-case_id")[:MAX_COMPARED]
    )
    found = []
    for other_id, stored in TextPrint.objects.filter(case_id__in=others, received_on__gte=since).values_list(
        "case_id", "signature"
    ):  # fmt: skip
        share = dedup.similarity(signature, np.frombuffer(bytes(stored), dtype=np.uint32))
        if share >= dedup.THRESHOLD:
            found.append((case.pk, other_id, round(share, 3)))
    _propose(found, DuplicateCandidate.FoundBy.INTAKE)
    return found


def duplicate_sweep(*, since=None, progress=None, chunk=50_000):
    """Compare every case received since ``since`` (all when None) with every other on the same side of
    the seal (denunciations with denunciations only); propose the pairs.

    Cases without a fingerprint get one, so later intakes compare with them too. Returns
    ``{"cases": n, "pairs": proposed}``.
    """
    import numpy as np

    from danvan.cases.choices import CaseKind
    from danvan.cases.models import Case

    from . import dedup
    from .models import DuplicateCandidate, TextPrint

    progress = progress or (lambda done, total, stage="": None)
    cases = Case.objects.order_by("pk")
    if since is not None:
        cases = cases.filter(received_on__gte=since)
    total = cases.count()
    ids, parts, sealed, done = [], [], [], 0
    printed = set(TextPrint.objects.filter(case__in=cases).values_list("case_id", flat=True))
    last = 0
    while True:
        batch = list(cases.filter(pk__gt=last).only("pk", "kind", "content", "received_on")[:chunk])
        if not batch:
            break
        last = batch[-1].pk
        signatures = dedup.signatures([c.content for c in batch])
        fresh = [(c, s) for c, s in zip(batch, signatures, strict=True) if c.pk not in printed and s.any()]
        if fresh:
            with transaction.atomic():
                _print_rows([c for c, _s in fresh], np.stack([s for _c, s in fresh]))
        ids.extend(c.pk for c in batch)
        sealed.extend(c.kind == CaseKind.DENUNCIATION for c in batch)
        parts.append(signatures)
        done += len(batch)
        progress(done, total, _("dấu vân văn bản"))
    if not parts:
        return {"cases": 0, "pairs": 0}
    found = [(ids[i], ids[j], s) for i, j, s in dedup.near_duplicates(np.concatenate(parts)) if sealed[i] == sealed[j]]
    with transaction.atomic():
        proposed = _propose(found, DuplicateCandidate.FoundBy.SWEEP)
    progress(total, total, _("xong"))
    return {"cases": total, "pairs": proposed}


def prune_bands(today=None):
    """Drop the band keys of cases older than the comparison window (their prints stay)."""
    import datetime

    from .models import TextBand

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    deleted, _detail = TextBand.objects.filter(case__received_on__lt=cutoff).delete()
    return deleted


def _may_see_pair(user, case, other):
    """A pair across the seal is never shown; a pair of denunciations only to who may read both identities."""
    from danvan.cases import rules as case_rules
    from danvan.cases.choices import CaseKind

    sealed = (case.kind == CaseKind.DENUNCIATION, other.kind == CaseKind.DENUNCIATION)
    if sealed[0] != sealed[1]:
        return False
    return not sealed[0] or case_rules.may_see_duplicates(user, [case, other])


def duplicates_for(case, user):
    """Proposed or decided near-duplicates of ``case`` that ``user`` may see: [(other case, candidate)]."""
    from danvan.cases.models import Case

    from .models import DuplicateCandidate

    found = list(DuplicateCandidate.objects.filter(Q(first=case) | Q(second=case)).order_by("-similarity"))
    others = {c.second_id if c.first_id == case.pk else c.first_id for c in found}
    visible = {c.pk: c for c in Case.objects.for_user(user).filter(pk__in=others).select_related("unit")}
    pairs = [(visible.get(c.second_id if c.first_id == case.pk else c.first_id), c) for c in found]
    return [(other, c) for other, c in pairs if other is not None and _may_see_pair(user, case, other)]


def duplicate_decide(*, candidate, case, user, link):
    """Link the two cases (same matter) or mark them as not duplicates; either way the proposal is settled."""
    from danvan.cases import services as case_services
    from danvan.cases.choices import LinkReason
    from danvan.cases.models import Case, CaseLink

    from .models import DuplicateCandidate, DuplicateStatus

    if not scoping.path_in_scope(user, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    other_id = candidate.second_id if candidate.first_id == case.pk else candidate.first_id
    other = Case.objects.for_user(user).select_related("unit").filter(pk=other_id).first()
    if other is None or not _may_see_pair(user, case, other):
        raise PermissionDenied
    with transaction.atomic():
        if link and not CaseLink.objects.filter(Q(first=case, second=other) | Q(first=other, second=case)).exists():
            case_services.case_link(
                case=case, other=other, actor=user, reason=LinkReason.SAME_MATTER,
                note=_("Nội dung gần trùng (%(p)d%%)") % {"p": round(100 * candidate.similarity)},
            )  # fmt: skip
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=DuplicateStatus.LINKED if link else DuplicateStatus.DISMISSED, decided_by=user,
            decided_at=timezone.now(),
        )  # fmt: skip


# --- hotspots and early warning ------------------------------------------------------------


def _number(value, digits=1):
    """A figure as Vietnamese write it: a comma before the decimals."""
    return f"{value:.{digits}f}".replace(".", ",")


def warning_text(warning):
    """ "Đất đai ở Xã X: 14 trường hợp trong 7 ngày, bình thường 2,1"."""
    return _("%(field)s ở %(unit)s: %(n)d trường hợp trong 7 ngày, bình thường %(expected)s") % {
        "field": warning.field.name, "unit": warning.unit.name, "n": warning.count,
        "expected": _number(warning.expected),
    }  # fmt: skip


def detect_hotspots(today=None, *, progress=None):
    """Test every unit × field for a spike in the 7 days to ``today``; record and announce the warnings.

    Units are the handling units (communes, wards, provinces) and each province as a whole.
    Returns ``{"tested": n, "warnings": n, "notifications": n}``.
    """
    import datetime
    from collections import defaultdict

    from django.db.models import Count, Min

    from danvan.cases.models import Case
    from danvan.units.models import Unit

    from . import hotspots
    from .models import EarlyWarning

    today = today or timezone.localdate()
    progress = progress or (lambda done, total, stage="": None)
    first_day = Case.objects.aggregate(first=Min("received_on"))["first"]
    if first_day is None:
        return {"tested": 0, "warnings": 0, "notifications": 0}
    start = today - datetime.timedelta(days=364 + hotspots.WINDOW * (2 * hotspots.BLOCKS + 4))
    rows = (
        Case.objects.filter(received_on__gte=start, received_on__lte=today, field__isnull=False)
        .values_list("unit_id", "unit__path", "field_id", "received_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series = defaultdict(lambda: defaultdict(int))  # (unit id, field id) -> {day: n}
    rows = list(rows.iterator())
    provinces = dict(
        Unit.objects.filter(path__in={path[: 2 * Unit.steplen] for _u, path, _f, _d, _n in rows}).values_list(
            "path", "pk"
        )
    )
    for unit_id, path, field_id, day, n in rows:
        province = provinces.get(path[: 2 * Unit.steplen])
        if province is not None:
            series[(province, field_id)][day] += n  # the province as a whole, its own cases included
        if unit_id != province:
            series[(unit_id, field_id)][day] += n
    window = [today - datetime.timedelta(days=d) for d in range(hotspots.WINDOW)]
    available = max(0, (today - first_day).days // hotspots.WINDOW - 1)  # whole blocks of history the data covers
    found = []
    keys = list(series)
    for done, key in enumerate(keys, start=1):
        days = series[key]
        count = sum(days.get(d, 0) for d in window)
        if count >= hotspots.MIN_COUNT:
            history = hotspots.blocks_before(days, today)[:available]
            result = hotspots.spike_test(count, history, hotspots.season_ratio(days, today, first_day))
            if result.alert:
                found.append((key[0], key[1], result))
        if done % 5000 == 0:
            progress(done, len(keys), _("kiểm định"))
    made = []
    with transaction.atomic():
        for unit_id, field_id, result in found:
            warning, _created = EarlyWarning.objects.update_or_create(
                unit_id=unit_id, field_id=field_id, window_end=today,
                defaults={"count": result.count, "expected": round(result.expected, 2), "p_value": result.p_value,
                          "blocks": result.blocks, "season": round(result.season, 3)},
            )  # fmt: skip
            made.append(warning)
        sent = _announce([w for w in made if not w.notified])
    progress(len(keys), len(keys), _("xong"))
    return {"tested": len(keys), "warnings": len(made), "notifications": sent}


def _announce(warnings):
    """Tell the unit's officers and leaders of each new warning (one message each), once."""
    from django.urls import reverse

    from danvan.accounts.choices import Role
    from danvan.accounts.models import RoleAssignment
    from danvan.core.models import Notification

    from .models import EarlyWarning

    if not warnings:
        return 0
    people = {}
    for unit_id, user_id in RoleAssignment.objects.filter(
        unit__in={w.unit_id for w in warnings}, role__in=[Role.OFFICER, Role.LEADER, Role.ADMIN], is_active=True,
        user__is_active=True,
    ).values_list("unit", "user"):  # fmt: skip
        people.setdefault(unit_id, set()).add(user_id)
    notes = []
    for warning in EarlyWarning.objects.filter(pk__in=[w.pk for w in warnings]).select_related("unit", "field"):
        url = f"{reverse('insight:warnings')}?unit={warning.unit_id}"
        title = _("Cảnh báo sớm: %(text)s") % {"text": warning_text(warning)}
        notes += [Notification(user_id=user, title=title[:255], url=url) for user in people.get(warning.unit_id, ())]
    Notification.objects.bulk_create(notes)
    EarlyWarning.objects.filter(pk__in=[w.pk for w in warnings]).update(notified=True)
    return len(notes)


def monthly_counts(unit, months=24, today=None):
    """{child unit (or ``unit`` itself): [count per month, oldest first]} for the last ``months`` full months."""
    import datetime

    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from danvan.cases.models import Case
    from danvan.units.models import Unit

    today = today or timezone.localdate()
    end = today.replace(day=1)  # the current month is not complete: it is left out
    start = end
    for _m in range(months):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    month_list = []
    cursor = start
    while cursor < end:
        month_list.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
                    .order_by("path"))  # fmt: skip
    prefix_len = (unit.depth + 1) * unit.steplen
    by_child = {c.path: c for c in children}
    counts = {unit: [0] * len(month_list), **{c: [0] * len(month_list) for c in children}}
    position = {m: i for i, m in enumerate(month_list)}
    rows = (
        Case.objects.filter(unit__path__startswith=unit.path, received_on__gte=start, received_on__lt=end)
        .annotate(month=TruncMonth("received_on"))
        .values_list("unit__path", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, month, n in rows:
        if isinstance(month, datetime.datetime):  # TruncMonth on a date gives a date, on some backends a datetime
            month = month.date()
        index = position.get(month)
        if index is None:
            continue
        counts[unit][index] += n
        child = by_child.get(path[:prefix_len])
        if child is not None:
            counts[child][index] += n
    return month_list, counts


# --- opinions and comments ------------------------------------------------------------------

MAX_OPINIONS = 2000


def read_opinions(texts):
    """Score opinions (consultation answers, public comments): constructive and toxic probabilities with
    the words behind them, the constructive and civil first, the toxic last. Untrained tasks score 0."""
    texts = [t.strip() for t in texts if t and t.strip()][:MAX_OPINIONS]
    found = []
    scores = {}
    for task in (Task.CONSTRUCTIVE, Task.TOXIC):
        version, pipeline = active_model(task)
        if pipeline is None or not texts:
            scores[task] = ([0.0] * len(texts), None)
            continue
        column = list(pipeline.classes_).index("1")
        scores[task] = ([float(p) for p in engine.predict(pipeline, texts)[:, column]], pipeline)
    for n, item in enumerate(texts):
        constructive, toxic = scores[Task.CONSTRUCTIVE][0][n], scores[Task.TOXIC][0][n]
        toxic_words = (
            _reasons(scores[Task.TOXIC][1], item, "1", k=3) if toxic >= FLAG_AT and scores[Task.TOXIC][1] else []
        )
        found.append({"text": item, "constructive": constructive, "toxic": toxic, "toxic_words": toxic_words})
    found.sort(key=lambda row: (row["toxic"] >= FLAG_AT, -row["constructive"]))
    return found
