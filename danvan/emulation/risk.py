"""When a recognised model is at risk of not lasting, and why: the rules as pure functions (``flags``), and one
bulk read (``assess``) that gathers what they need for many models at once (a few queries, none per model).

A recognised model is at risk when

- its follow-up is overdue: today is after ``next_follow_up_on`` (on the due date itself it is not yet late);
- an indicator's latest value is worse than its baseline, in the indicator's direction (below it when higher is
  better, above it when lower is better);
- it has stalled: at the latest follow-up no indicator improved on its previous value (the measurement before,
  or the baseline when there was none) while some indicator has not reached its target;
- the latest follow-up found it weakening, or stopped.

The at-risk list (``selectors.at_risk``), a registration's follow-ups panel, the daily sweep and the report
sections all read these reasons from here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Vitality

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Practice


class Reason(models.TextChoices):
    OVERDUE = "qua_han", _("Quá hạn phúc tra")
    BELOW_BASELINE = "duoi_ban_dau", _("Chỉ tiêu kém hơn giá trị ban đầu")
    STALLED = "dung_lai", _("Chỉ tiêu không tiến triển, chưa đạt mục tiêu")
    WEAKENING = "suy_giam", _("Lần phúc tra gần nhất: suy giảm")
    STOPPED = "ngung", _("Lần phúc tra gần nhất: ngừng hoạt động")


@dataclass(frozen=True)
class Point:
    """One measurement of an indicator: the day, the value, the follow-up it was taken at (None: monitoring)."""

    day: datetime.date
    value: Decimal
    follow_up_id: int | None = None


@dataclass
class Track:
    """An indicator and its measurements, oldest first."""

    indicator_id: int
    name: str
    measure: str
    baseline: Decimal
    target: Decimal
    higher_is_better: bool = True
    points: list[Point] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def current(self) -> Decimal:
        """The latest value, or the baseline before any measurement."""
        return self.points[-1].value if self.points else self.baseline

    @property
    def reached(self) -> bool:
        return not better(self.target, self.current, self.higher_is_better)

    @property
    def below_baseline(self) -> bool:
        return bool(self.points) and worse(self.current, self.baseline, self.higher_is_better)


@dataclass(frozen=True)
class Latest:
    """The latest follow-up of a model: which, when, what it found."""

    follow_up_id: int
    done_on: datetime.date
    vitality: str


def better(a: Decimal, b: Decimal, higher_is_better: bool) -> bool:
    """``a`` is strictly better than ``b`` in the indicator's direction."""
    return a > b if higher_is_better else a < b


def worse(a: Decimal, b: Decimal, higher_is_better: bool) -> bool:
    return a < b if higher_is_better else a > b


def improved_at(track: Track, follow_up_id: int) -> bool | None:
    """Whether the indicator's value taken at ``follow_up_id`` is better than the value before it (the previous
    measurement, or the baseline); None when the indicator was not measured at that follow-up."""
    for index, point in enumerate(track.points):
        if point.follow_up_id == follow_up_id:
            before = track.points[index - 1].value if index else track.baseline
            return better(point.value, before, track.higher_is_better)
    return None


def stalled(tracks: list[Track], latest: Latest | None) -> bool:
    """At the latest follow-up no indicator measured improved, while some indicator is short of its target."""
    if latest is None:
        return False
    seen = [improved_at(track, latest.follow_up_id) for track in tracks]
    measured = [value for value in seen if value is not None]
    return bool(measured) and not any(measured) and not all(track.reached for track in tracks)


def flags(
    *, today: datetime.date, next_follow_up_on: datetime.date | None, latest: Latest | None, tracks: list[Track]
) -> list[Reason]:
    """The reasons a recognised model is at risk today, in the order of ``Reason`` (empty: it is not)."""
    found = []
    if next_follow_up_on is not None and today > next_follow_up_on:
        found.append(Reason.OVERDUE)
    if any(track.below_baseline for track in tracks):
        found.append(Reason.BELOW_BASELINE)
    if stalled(tracks, latest):
        found.append(Reason.STALLED)
    if latest is not None and latest.vitality == Vitality.WEAKENING:
        found.append(Reason.WEAKENING)
    if latest is not None and latest.vitality == Vitality.STOPPED:
        found.append(Reason.STOPPED)
    return found


def labels(reasons: list[Reason]) -> list[str]:
    return [str(Reason(reason).label) for reason in reasons]


@dataclass
class Assessment:
    """What ``assess`` found for one model."""

    practice_id: int
    tracks: list[Track]
    latest: Latest | None
    reasons: list[Reason]

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)


def load(practices: QuerySet[Practice]) -> tuple[dict[int, list[Track]], dict[int, Latest]]:
    """The indicators with their measurements, and the latest follow-up, of every model of ``practices``: three
    queries, however many models."""
    from .models import FollowUp, Indicator, Measurement

    ids = practices.order_by().values("pk")
    tracks: dict[int, list[Track]] = defaultdict(list)
    by_id: dict[int, Track] = {}
    for row in (
        Indicator.objects.filter(practice__in=ids)
        .order_by("practice", "order", "pk")
        .values("pk", "practice_id", "name", "measure", "baseline", "target", "higher_is_better")
    ):
        track = Track(row["pk"], row["name"], row["measure"], row["baseline"], row["target"], row["higher_is_better"])
        tracks[row["practice_id"]].append(track)
        by_id[row["pk"]] = track
    for indicator_id, day, value, follow_up_id in (
        Measurement.objects.filter(indicator__practice__in=ids)
        .order_by("indicator", "measured_on", "pk")
        .values_list("indicator_id", "measured_on", "value", "follow_up_id")
    ):
        by_id[indicator_id].points.append(Point(day, value, follow_up_id))
    latest: dict[int, Latest] = {}
    for pk, practice_id, done_on, vitality in (
        FollowUp.objects.filter(practice__in=ids)
        .order_by("practice", "done_on", "pk")
        .values_list("pk", "practice_id", "done_on", "vitality")
    ):
        latest[practice_id] = Latest(pk, done_on, vitality)  # the last one of each model stays
    return tracks, latest


def assess(practices: QuerySet[Practice], today: datetime.date) -> dict[int, Assessment]:
    """``{practice id: Assessment}`` for every model of ``practices`` (callers pass recognised models)."""
    rows = list(practices.order_by().values_list("pk", "next_follow_up_on"))
    tracks, latest = load(practices)
    found = {}
    for pk, due in rows:
        own = tracks.get(pk, [])
        last = latest.get(pk)
        found[pk] = Assessment(pk, own, last, flags(today=today, next_follow_up_on=due, latest=last, tracks=own))
    return found
