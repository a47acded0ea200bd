"""A model's family: the models it was replicated from, up to the first (its ancestors), and every model replicated
from it at any depth (its descendants), read one generation per query; and its reach, what its descendants
add up to: how many models, in how many distinct units and provinces, reaching how many people
(``people_reached`` summed).

Privacy. The family crosses units and provinces, so a viewer meets models outside their scope. Such a model is
named (its name and unit) only when it is recognised and on the public showcase (``showcase``): what the
showcase already tells everyone. Any other is not named: a branch with nothing the viewer may see is counted
("2 mô hình ở đơn vị khác"), and one that leads to a model they may see is shown as "Mô hình ở đơn vị khác"
(no name, no unit, no link). The reach counts every descendant: numbers name no one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from danvan.core import scoping

from .workflow import RECOGNISED

if TYPE_CHECKING:
    from danvan.accounts.models import User

    from .models import Practice

MAX_GENERATIONS = 50  # a guard: origins are set once, at registration, so the chain has no loop
ROW = ("pk", "name", "origin_id", "unit_id", "unit__name", "unit__path", "stage", "showcase", "people_reached")
PROVINCE_DEPTH = 2


def _steplen() -> int:
    from danvan.units.models import Unit

    return int(Unit.steplen)


def named(*, visible: bool, recognised: bool, showcase: bool) -> bool:
    """Whether a viewer may see a model's name and unit: it is in their scope, or recognised and showcased."""
    return visible or (recognised and showcase)


def ancestors(practice: Practice) -> list[dict[str, Any]]:
    """The models ``practice`` was replicated from, the first (the root) first; one query per generation."""
    from .models import Practice

    found: list[dict[str, Any]] = []
    seen = {practice.pk}
    origin = practice.origin_id
    while origin is not None and origin not in seen and len(found) < MAX_GENERATIONS:
        row = Practice.objects.filter(pk=origin).values(*ROW).first()
        if row is None:
            break
        seen.add(origin)
        found.append(row)
        origin = row["origin_id"]
    return list(reversed(found))


def descendants(practice_id: int) -> list[dict[str, Any]]:
    """Every model replicated from ``practice_id``, at any depth, generation by generation (one query each)."""
    from .models import Practice

    found: list[dict[str, Any]] = []
    seen = {practice_id}
    frontier = [practice_id]
    for _generation in range(MAX_GENERATIONS):
        if not frontier:
            break
        rows = [
            row
            for row in Practice.objects.filter(origin__in=frontier)
            .order_by("unit__path", "year", "number")
            .values(*ROW)
            if row["pk"] not in seen
        ]
        seen.update(row["pk"] for row in rows)
        found.extend(rows)
        frontier = [row["pk"] for row in rows]
    return found


@dataclass(frozen=True)
class Reach:
    """What the descendants of a model add up to."""

    models: int
    units: int
    provinces: int
    people: int


def reach_of(rows: list[dict[str, Any]]) -> Reach:
    """The reach of a model from its descendants' rows (``descendants``)."""
    cut = PROVINCE_DEPTH * _steplen()
    return Reach(
        models=len(rows),
        units=len({row["unit_id"] for row in rows}),
        provinces=len({row["unit__path"][:cut] for row in rows if len(row["unit__path"]) >= cut}),
        people=sum(row["people_reached"] or 0 for row in rows),
    )


def reach(practice: Practice) -> Reach:
    return reach_of(descendants(practice.pk))


@dataclass
class Node:
    """One model of the family as a viewer may see it: ``name``, ``unit_name`` and ``pk`` only when ``named``;
    ``linked`` when the viewer may open its page. ``children`` are the branches below it that show something;
    ``hidden`` counts the models of the branches below it that show nothing."""

    pk: int | None
    name: str
    unit_name: str
    named: bool
    linked: bool
    recognised: bool
    is_current: bool = False
    children: list[Node] = field(default_factory=list)
    hidden: int = 0
    url: str = ""  # the page's address, set by the page for a linked node

    def walk(self) -> list[Node]:
        """This node and every node shown below it."""
        return [self, *(node for child in self.children for node in child.walk())]


@dataclass
class Family:
    ancestors: list[Node]  # the root first, the model's origin last
    node: Node  # the model itself, its descendants below
    reach: Reach

    @property
    def is_alone(self) -> bool:
        return not self.ancestors and not self.node.children and not self.node.hidden


def _node(row: dict[str, Any], user: User, *, is_current: bool = False) -> Node:
    visible = is_current or scoping.path_in_scope(user, row["unit__path"])
    recognised = row["stage"] in RECOGNISED
    shown = named(visible=visible, recognised=recognised, showcase=row["showcase"])
    return Node(
        pk=row["pk"] if shown else None, name=row["name"] if shown else "", unit_name=row["unit__name"] if shown else "",
        named=shown, linked=visible, recognised=recognised, is_current=is_current,
    )  # fmt: skip


def _grow(node: Node, pk: int, below: dict[int, list[dict[str, Any]]], user: User) -> int:
    """Hang the branches below ``pk`` on ``node``; return how many named models the branch holds."""
    shown = 0
    for row in below.get(pk, []):
        child = _node(row, user)
        inside = _grow(child, row["pk"], below, user)
        if child.named or inside:
            node.children.append(child)
            shown += inside + (1 if child.named else 0)
        else:
            node.hidden += 1 + _count(row["pk"], below)
    return shown


def _count(pk: int, below: dict[int, list[dict[str, Any]]]) -> int:
    return sum(1 + _count(row["pk"], below) for row in below.get(pk, []))


def family(practice: Practice, user: User) -> Family:
    """``practice``'s family tree as ``user`` may see it, with its reach."""
    rows = descendants(practice.pk)
    below: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        below.setdefault(row["origin_id"], []).append(row)
    own = {
        "pk": practice.pk, "name": practice.name, "origin_id": practice.origin_id, "unit_id": practice.unit_id,
        "unit__name": practice.unit.name, "unit__path": practice.unit.path, "stage": practice.stage,
        "showcase": practice.showcase, "people_reached": practice.people_reached,
    }  # fmt: skip
    node = _node(own, user, is_current=True)
    _grow(node, practice.pk, below, user)
    return Family(ancestors=[_node(row, user) for row in ancestors(practice)], node=node, reach=reach_of(rows))
