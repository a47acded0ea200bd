"""Recognised models for the sustainability tests: registered through the service, then walked through the
procedure with ``services.steps.move`` (the council's services have their own tests), recognised on a given day
with the first follow-up due one interval later (``schedule.next_due``). Follow-ups go through the service."""

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.emulation import schedule, services
from danvan.emulation.choices import Level, Step, Vitality

from .conftest import at, register

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00"
    b"\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def photo(name="anh-phuc-tra.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def recognise(practice, on, *, actor=None, level=Level.COMMUNE):
    """Walk a registration to recognition on ``on`` (the steps dated that day)."""
    for step in (Step.SHORTLIST, Step.LAUNCH, Step.MONITOR, Step.EVALUATE):
        services.move(practice, step, actor=actor, date=on)
    services.move(
        practice, Step.RECOGNISE, actor=actor, date=on, recognised_on=on, recognised_level=level,
        vitality=Vitality.ACTIVE, next_follow_up_on=schedule.next_due(practice.unit, on),
    )  # fmt: skip
    return practice


def recognised(user, unit, on, *, level=Level.COMMUNE, registered=None, **over):
    """A model of ``unit`` registered (on ``registered``, default the year's 15 January before ``on``) and
    recognised on ``on``."""
    registered = registered or min(on, datetime.date(on.year, 1, 15))
    with time_machine.travel(at(registered), tick=False):
        over.setdefault("year", registered.year)
        over.setdefault("start_on", registered)
        over.setdefault("evaluation_on", max(on, registered))
        practice = register(user, unit, **over)
    return recognise(practice, on, actor=user, level=level)


def follow_up(user, practice, on, vitality=Vitality.ACTIVE, values=None, files=None, note=""):
    """A follow-up done on ``on`` (recorded that day), every indicator measured (``values``: by indicator order,
    default each at its target), with a photo."""
    indicators = list(practice.indicators.all())
    given = values if values is not None else [i.target for i in indicators]
    with time_machine.travel(at(on), tick=False):
        return services.follow_up_record(
            acting_user=user, practice=practice, done_on=on, vitality=vitality,
            values={i.pk: v for i, v in zip(indicators, given, strict=True)}, note=note,
            files=[photo()] if files is None else files,
        )  # fmt: skip
