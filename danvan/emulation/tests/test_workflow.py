"""The procedure as a literal grid: from each stage (rows), which step (columns) leads where. Written out by hand,
not generated from ``workflow.TRANSITIONS``, so a changed rule fails here."""

import pytest

from danvan.emulation.choices import Stage, Step
from danvan.emulation.workflow import TRANSITIONS, next_stage, steps_from

S = Stage
# columns:        SHORTLIST      LAUNCH        MONITOR       EVALUATE      RECOGNISE      REFUSE        FOLLOW_UP
COLUMNS = (Step.SHORTLIST, Step.LAUNCH, Step.MONITOR, Step.EVALUATE, Step.RECOGNISE, Step.REFUSE, Step.FOLLOW_UP)
GRID = {
    S.REGISTERED:  (S.SHORTLISTED, None,        None,         None,        None,          S.REFUSED,   None),
    S.SHORTLISTED: (None,          S.LAUNCHED,  None,         None,        None,          S.REFUSED,   None),
    S.LAUNCHED:    (None,          None,        S.MONITORED,  None,        None,          None,        None),
    S.MONITORED:   (None,          None,        S.MONITORED,  S.EVALUATED, None,          None,        None),
    S.EVALUATED:   (None,          None,        None,         None,        S.RECOGNISED,  S.REFUSED,   None),
    S.RECOGNISED:  (None,          None,        None,         None,        None,          None,        S.FOLLOWED_UP),
    S.REFUSED:     (None,          None,        None,         None,        None,          None,        None),
    S.FOLLOWED_UP: (None,          None,        None,         None,        None,          None,        S.FOLLOWED_UP),
}  # fmt: skip


@pytest.mark.parametrize("stage", list(GRID))
@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_each_stage_and_step(stage, column):
    assert next_stage(stage, COLUMNS[column]) == GRID[stage][column]


def test_the_grid_covers_every_stage_and_the_table_has_nothing_else():
    assert set(GRID) == set(Stage)
    allowed = {(stage, COLUMNS[i]) for stage, row in GRID.items() for i, to in enumerate(row) if to}
    assert set(TRANSITIONS) == allowed
    assert Step.REGISTER not in {step for _stage, step in TRANSITIONS}  # registering creates, it moves nothing


def test_steps_from_keep_the_procedures_order():
    assert steps_from(Stage.REGISTERED) == [Step.SHORTLIST, Step.REFUSE]
    assert steps_from(Stage.EVALUATED) == [Step.RECOGNISE, Step.REFUSE]
    assert steps_from(Stage.REFUSED) == []
