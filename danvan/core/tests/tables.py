"""Helpers for the permission tables written out by hand in each app's tests."""

from django.core.exceptions import PermissionDenied
from django.db import transaction


def table(text):
    """``{row: {column: bool}}`` from a table of 1s and 0s, its first line naming the columns."""
    lines = [line.split() for line in text.strip().splitlines()]
    header = lines[0][1:]
    return {row[0]: dict(zip(header, (cell == "1" for cell in row[1:]), strict=True)) for row in lines[1:]}


class _Rollback(Exception):
    pass


def attempt(writes, written, after=lambda: None):
    """Run each of ``writes`` (name → callable) in a transaction undone afterwards: ``{name: True}`` where it
    went through, ``False`` where it raised ``PermissionDenied``, checking then that ``written()`` (a count
    of audit rows) did not change. ``after`` runs after each write (to reload what a rolled-back write
    changed in memory)."""
    got = {}
    for name, write in writes.items():
        before = written()
        try:
            with transaction.atomic():
                write()
                raise _Rollback
        except _Rollback:
            got[name] = True
        except PermissionDenied:
            got[name] = False
            assert written() == before, name
        after()
    return got
