"""The headline figure of the movement: the share of recognised models still active one, two and three years on.

Definition. A model recognised on day D is in the N-year cohort, as of a day A, when D + N years ≤ A (D + N years
is the same day N years later; 29/02 becomes 28/02). It is "still active after N years" when the first follow-up
done on or after D + N years − 90 days (and on or before A) found it active (``Vitality.ACTIVE``); a model with no
such follow-up is not counted active: a model nobody checked is not shown to last. The share is the active
models of the cohort over the cohort, in percent (None for an empty cohort).

So a follow-up done a little early (up to 90 days before the anniversary) counts for that year, a follow-up far
later still answers for the year it is the first after, and a follow-up done after the day A does not count
for A (the figure of a past report does not change).

``survival`` is the arithmetic on plain data; ``load`` reads what it needs for many models in two queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from danvan.core.numbers import share

from .choices import Vitality
from .schedule import add_months
from .workflow import RECOGNISED

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Practice

YEARS = (1, 2, 3)
EARLY = datetime.timedelta(days=90)


@dataclass
class Recognised:
    """A recognised model as the figure needs it: when it was recognised, its follow-ups (day, vitality) in
    the order they were done, and what it is grouped by."""

    pk: int
    recognised_on: datetime.date
    follow_ups: list[tuple[datetime.date, str]] = field(default_factory=list)
    field: str = ""
    kind: str = ""
    path: str = ""


@dataclass(frozen=True)
class Survival:
    years: int
    cohort: int
    active: int

    @property
    def share(self) -> float | None:
        return share(self.active, self.cohort)


def anniversary(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def in_cohort(recognised_on: datetime.date, years: int, as_of: datetime.date) -> bool:
    return anniversary(recognised_on, years) <= as_of


def active_after(
    recognised_on: datetime.date, follow_ups: Sequence[tuple[datetime.date, str]], years: int, as_of: datetime.date
) -> bool | None:
    """None when the model is not (yet) in the N-year cohort; else whether it was still active after N years."""
    if not in_cohort(recognised_on, years, as_of):
        return None
    since = anniversary(recognised_on, years) - EARLY
    for done_on, vitality in sorted(follow_ups):
        if since <= done_on <= as_of:
            return vitality == Vitality.ACTIVE
    return False


def survival(models: Iterable[Recognised], as_of: datetime.date, years: Sequence[int] = YEARS) -> list[Survival]:
    """The 1-, 2- and 3-year figures (or those of ``years``) of ``models`` as of ``as_of``."""
    cohort = dict.fromkeys(years, 0)
    active = dict.fromkeys(years, 0)
    for model in models:
        for n in years:
            found = active_after(model.recognised_on, model.follow_ups, n, as_of)
            if found is not None:
                cohort[n] += 1
                active[n] += 1 if found else 0
    return [Survival(n, cohort[n], active[n]) for n in years]


def load(practices: QuerySet[Practice], as_of: datetime.date) -> list[Recognised]:
    """The models of ``practices`` recognised on or before ``as_of``, with their follow-ups done by then."""
    from .models import FollowUp

    chosen = practices.filter(stage__in=RECOGNISED, recognised_on__isnull=False, recognised_on__lte=as_of)
    models = {
        row[0]: Recognised(row[0], row[1], field=row[2], kind=row[3], path=row[4])
        for row in chosen.order_by().values_list("pk", "recognised_on", "field", "kind", "unit__path")
    }
    for practice_id, done_on, vitality in (
        FollowUp.objects.filter(practice__in=chosen.order_by().values("pk"), done_on__lte=as_of)
        .order_by("practice", "done_on", "pk")
        .values_list("practice_id", "done_on", "vitality")
    ):
        models[practice_id].follow_ups.append((done_on, vitality))
    return list(models.values())


def grouped(
    models: Iterable[Recognised], key: Callable[[Recognised], Any], as_of: datetime.date
) -> dict[Any, list[Survival]]:
    """``{group: [1-, 2-, 3-year figures]}``, grouping the models by ``key``."""
    groups: dict[Any, list[Recognised]] = defaultdict(list)
    for model in models:
        groups[key(model)].append(model)
    return {group: survival(members, as_of) for group, members in groups.items()}
