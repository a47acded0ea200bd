"""Many cases at once, for tests that need dozens of rows fast (the query budgets): written with
``bulk_create``, as an import would, with what ``Case.save`` and the services would have filled in."""

import datetime

from danvan.accounts.models import User
from danvan.cases.choices import CaseKind, RatingPlace, RatingSource, Status
from danvan.cases.codes import ALPHABET, PREFIXES
from danvan.cases.models import Case, CaseRating, Field
from danvan.core.tests.budget import long_name
from danvan.core.text import fold

CONTENT = (
    "Người dân thôn phản ánh đoạn đường liên thôn dài gần hai cây số xuống cấp nghiêm trọng, ổ gà sâu, "
    "mùa mưa nước ngập, học sinh đi học và bà con chở nông sản đi lại rất khó khăn; đề nghị chính quyền "
    "sớm khảo sát, sửa chữa và trả lời cho người dân biết thời gian thực hiện."
)


def code(kind, number):
    body = ""
    for _n in range(5):
        number, digit = divmod(number, len(ALPHABET))
        body = ALPHABET[digit] + body
    return f"{PREFIXES[kind]}-2026-{body}"


def users(count, start=0, prefix="canbo.lo"):
    """``count`` active users with long names (no password: they are only named on the pages)."""
    made = [User(username=f"{prefix}.{start + n}", full_name=long_name(start + n), password="!") for n in range(count)]
    for user in made:
        user.full_name_folded = fold(f"{user.full_name} {user.username}")
    return User.objects.bulk_create(made)


def cases(unit, place, count, start=0, *, handlers=(), received=datetime.date(2026, 3, 2), rated=False, **extra):
    """``count`` cases handled by ``unit`` that happened at ``place``, numbered from ``start`` (codes
    differ between calls with different ``start``); each has one of ``handlers`` in turn, and, when
    ``rated``, a citizen's rating and one written down by its handler."""
    fields = list(Field.objects.filter(is_active=True))
    made = []
    for n in range(start, start + count):
        kind = (CaseKind.FEEDBACK, CaseKind.PETITION, CaseKind.COMPLAINT)[n % 3]
        case = Case(
            code=code(kind, 5000 + n), kind=kind, content=f"{CONTENT} (số {n + 1})", place=place, unit=unit,
            field=fields[n % len(fields)], status=Status.ACCEPTED, received_on=received + datetime.timedelta(days=n % 20),
            due_on=received + datetime.timedelta(days=30 + n % 20), petitioner_name=long_name(n),
            petitioner_phone=f"09{n:08d}", handler=handlers[n % len(handlers)] if handlers else None, **extra,
        )  # fmt: skip
        case.content_folded = fold(case.content)
        made.append(case)
    made = Case.objects.bulk_create(made)
    if rated:
        ratings = []
        for case in made:
            ratings.append(CaseRating(case=case, unit=unit, handler=case.handler, timeliness=4, attitude=5, result=4))
            ratings.append(
                CaseRating(
                    case=case, unit=unit, handler=case.handler, timeliness=3, attitude=4, result=3,
                    source=RatingSource.STAFF, recorded_by=case.handler, taken_at=RatingPlace.PHONE,
                    given_on=case.received_on + datetime.timedelta(days=25),
                )
            )  # fmt: skip
        CaseRating.objects.bulk_create(ratings)
    return made
