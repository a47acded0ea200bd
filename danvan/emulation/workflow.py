"""The procedure a registration follows, as one table: from each stage, which step leads to which stage.

registered → shortlisted → launched → monitored (as often as the unit reports) → evaluated (the council's scores
combined) → recognised or refused → followed up (every follow-up). A registration not chosen, or a model the
council does not pass, is refused with a reason. The services (``services.steps``, ``services.evaluations``,
``services.followups``) and the buttons of the page read this table; nothing else decides what may follow what.
"""

from .choices import Stage, Step

TRANSITIONS: dict[tuple[str, str], str] = {
    (Stage.REGISTERED, Step.SHORTLIST): Stage.SHORTLISTED,
    (Stage.REGISTERED, Step.REFUSE): Stage.REFUSED,
    (Stage.SHORTLISTED, Step.LAUNCH): Stage.LAUNCHED,
    (Stage.SHORTLISTED, Step.REFUSE): Stage.REFUSED,
    (Stage.LAUNCHED, Step.MONITOR): Stage.MONITORED,
    (Stage.MONITORED, Step.MONITOR): Stage.MONITORED,
    (Stage.MONITORED, Step.EVALUATE): Stage.EVALUATED,
    (Stage.EVALUATED, Step.RECOGNISE): Stage.RECOGNISED,
    (Stage.EVALUATED, Step.REFUSE): Stage.REFUSED,
    (Stage.RECOGNISED, Step.FOLLOW_UP): Stage.FOLLOWED_UP,
    (Stage.FOLLOWED_UP, Step.FOLLOW_UP): Stage.FOLLOWED_UP,
}

# The stages a registration may still be corrected in by the people who registered it.
OPEN_FOR_CHANGES = (Stage.REGISTERED, Stage.SHORTLISTED, Stage.LAUNCHED, Stage.MONITORED)
# The stages of a recognised model (followed up or not yet).
RECOGNISED = (Stage.RECOGNISED, Stage.FOLLOWED_UP)


def next_stage(stage: str, step: str) -> str | None:
    """The stage ``step`` leads to from ``stage``, or None when the procedure does not allow it."""
    return TRANSITIONS.get((stage, step))


def steps_from(stage: str) -> list[str]:
    """The steps allowed from ``stage``, in the procedure's order."""
    return [step for (source, step) in TRANSITIONS if source == stage]
