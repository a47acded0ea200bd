"""Near-duplicate cases: fingerprints and band keys, the intake check, the sweep, the officers' decision.

A pair is proposed only on one side of the seal: denunciations with denunciations, the rest with the
rest (see ``same_side_of_the_seal``). Who may see or settle a pair is ``insight.see_duplicate_pair``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases import services as case_services
from danvan.cases.choices import CaseKind, LinkReason
from danvan.cases.models import Case, CaseLink

from .. import dedup, rules
from ..models import DuplicateCandidate, DuplicateStatus, TextBand, TextPrint

if TYPE_CHECKING:
    from danvan.accounts.models import User

Pair = tuple[int, int, float]  # two case ids and how similar their texts are

DUPLICATE_WINDOW_DAYS = 180  # a new case is compared with the cases received in this many days
MAX_COMPARED = 200  # and with at most this many of them (those sharing a band key, newest first)


def _print_rows(cases: Sequence[Case], signatures: np.ndarray) -> np.ndarray:
    prints = [TextPrint(case_id=c.pk, signature=sig.tobytes(), received_on=c.received_on)
              for c, sig in zip(cases, signatures, strict=True)]  # fmt: skip
    keys = dedup.band_keys(signatures)
    bands = [TextBand(case_id=c.pk, key=int(k)) for c, row in zip(cases, keys, strict=True) for k in set(row.tolist())]
    TextPrint.objects.bulk_create(prints, ignore_conflicts=True)
    TextBand.objects.bulk_create(bands, batch_size=5000)
    return keys


def _propose(pairs: Iterable[Pair], found_by: str) -> int:
    """Record proposed pairs ``[(case id, case id, similarity)]``, keeping those already known."""
    rows = [DuplicateCandidate(first_id=min(a, b), second_id=max(a, b), similarity=s, found_by=found_by)
            for a, b, s in pairs if a != b]  # fmt: skip
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)


def same_side_of_the_seal(case: Case) -> Q:
    """Cases a case may be compared with: denunciations only with denunciations, the rest only with the rest.

    A denunciation taken at the desk is often written from a petition the same person sent online under
    their name; proposing that petition as its near-duplicate would tell every viewer who denounced.
    """
    if case.kind == CaseKind.DENUNCIATION:
        return Q(case__kind=CaseKind.DENUNCIATION)
    return ~Q(case__kind=CaseKind.DENUNCIATION)


def find_duplicates_of(case: Case) -> list[Pair]:
    """Fingerprint a new case and propose the recent cases it nearly repeats (any unit, any level, the
    same side of the seal: see ``same_side_of_the_seal``)."""
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
        TextBand.objects.filter(same_side_of_the_seal(case), key__in=rare)
        .exclude(case_id=case.pk)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("-case_id")[:MAX_COMPARED]
    )
    found: list[Pair] = []
    for other_id, stored in TextPrint.objects.filter(case_id__in=others, received_on__gte=since).values_list(
        "case_id", "signature"
    ):  # fmt: skip
        share = dedup.similarity(signature, np.frombuffer(bytes(stored), dtype=np.uint32))
        if share >= dedup.THRESHOLD:
            found.append((case.pk, other_id, round(share, 3)))
    _propose(found, DuplicateCandidate.FoundBy.INTAKE)
    return found


def duplicate_sweep(
    *, since: datetime.date | None = None, progress: Callable[..., object] | None = None, chunk: int = 50_000
) -> dict[str, int]:
    """Compare every case received since ``since`` (all when None) with every other on the same side of
    the seal (denunciations with denunciations only); propose the pairs.

    Cases without a fingerprint get one, so later intakes compare with them too. Returns
    ``{"cases": n, "pairs": proposed}``.
    """
    progress = progress or (lambda done, total, stage="": None)
    cases = Case.objects.order_by("pk")
    if since is not None:
        cases = cases.filter(received_on__gte=since)
    total = cases.count()
    ids: list[int] = []
    parts: list[np.ndarray] = []
    sealed: list[bool] = []
    done = 0
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


def prune_bands(today: datetime.date | None = None) -> int:
    """Drop the band keys of cases older than the comparison window (their prints stay)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    deleted, _detail = TextBand.objects.filter(case__received_on__lt=cutoff).delete()
    return deleted


def duplicate_decide(*, candidate: DuplicateCandidate, case: Case, acting_user: User, link: bool) -> None:
    """Link the two cases (same matter) or mark them as not duplicates; either way the proposal is settled.

    Needs ``insight.decide_case`` on ``case`` and ``insight.see_duplicate_pair`` on the pair; the other
    case must be one the user sees.
    """
    rules.require("insight.decide_case", acting_user, case)
    other_id = candidate.second_id if candidate.first_id == case.pk else candidate.first_id
    other = Case.objects.for_user(acting_user).select_related("unit").filter(pk=other_id).first()
    if other is None:
        raise PermissionDenied
    rules.require("insight.see_duplicate_pair", acting_user, (case, other))
    with transaction.atomic():
        if link and not CaseLink.objects.filter(Q(first=case, second=other) | Q(first=other, second=case)).exists():
            case_services.case_link(
                case=case, other=other, acting_user=acting_user, reason=LinkReason.SAME_MATTER,
                note=_("Nội dung gần trùng (%(p)d%%)") % {"p": round(100 * candidate.similarity)},
            )  # fmt: skip
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=DuplicateStatus.LINKED if link else DuplicateStatus.DISMISSED, decided_by=acting_user,
            decided_at=timezone.now(),
        )  # fmt: skip
