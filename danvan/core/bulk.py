"""Fast multi-row inserts for large imports, with their audit rows.

Django's ``bulk_create`` compiles every value of every row through the SQL
compiler; for a 100,000-row import that is most of the time spent. Here a
multi-row ``INSERT … VALUES (…), (…) RETURNING id`` (SQLite) or
``INSERT … SELECT * FROM unnest(array, …) RETURNING id`` (PostgreSQL, one array
per column) is built per batch, and values go through one converter per column,
chosen from the field's type. Both databases return the new ids in row order,
which Django's own ``bulk_create`` relies on too.

Only for models whose fields are plain (text, numbers, booleans, dates,
datetimes, foreign keys): the caller fills ``auto_now`` fields itself. Each
call is one statement per batch; wrap calls in a transaction.
"""

import sqlite3
from operator import attrgetter

from django.db import connection
from django.utils import timezone

TARGET_PARAMS = 30_000  # under SQLite's default limit of 32,766 parameters
PG_BATCH = 5_000  # rows per unnest() statement on PostgreSQL


def _max_params():
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return min(TARGET_PARAMS, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        except AttributeError:  # Python without Connection.getlimit
            return 999
    return TARGET_PARAMS


def _converter(field):
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind in ("CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                "SmallIntegerField", "BigIntegerField", "BooleanField", "ForeignKey", "OneToOneField", "AutoField",
                "BigAutoField"):  # fmt: skip
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _array_type(field):
    if field.get_internal_type() in ("CharField", "TextField", "FileField", "ImageField", "SlugField", "EmailField"):
        return "text"
    return field.db_type(connection)


def _convert(row, converters):
    row = list(row)
    for index, conv in converters:
        if row[index] is not None:
            row[index] = conv(row[index])
    return row


def insert_rows(model, fields, rows, *, returning=True):
    """Insert ``rows`` (sequences of Python values in the order of ``fields``); return the new ids (or [])."""
    rows = list(rows)
    if not rows:
        return []
    # Table and column names come from the model's metadata, quoted; every value is a parameter.
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    converters = [(index, conv) for index, conv in enumerate(_converter(f) for f in fields) if conv is not None]
    if connection.vendor == "postgresql":
        # One array parameter per column: a short statement psycopg need not parse row by row.
        # Text goes as text[]: the column's own type then enforces its length (a cast to varchar(n) would cut).
        casts = ", ".join(f"%s::{_array_type(f)}[]" for f in fields)
        sql = " ".join(["INSERT INTO", table, f"({columns})", "SELECT * FROM", f"unnest({casts})"])
        batch = PG_BATCH
    else:
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        batch = max(1, _max_params() // len(fields))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            if converters:
                chunk = [_convert(row, converters) for row in chunk]
            if connection.vendor == "postgresql":
                params = [list(column) for column in zip(*chunk, strict=True)]
                statement = sql
            else:
                params = [value for row in chunk for value in row]
                statement = " ".join(["INSERT INTO", table, f"({columns})", "VALUES", ", ".join([one] * len(chunk))])
            if returning:
                cursor.execute(f"{statement} RETURNING {pk_column}", params)
                ids.extend(value for (value,) in cursor.fetchall())
            else:
                cursor.execute(statement, params)
    return ids


def insert_objects(model, objs):
    """Insert unsaved instances of ``model`` and set their primary keys; returns ``objs``."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    ids = insert_rows(model, fields, ([getattr(obj, name) for name in names] for obj in objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_history(model, objs, *, user=None, reason="", history_type="+"):
    """The audit rows of ``objs`` (saved instances of ``model``), as simple-history would write them."""
    history = model.history.model
    tracked = [f.attname for f in history.tracked_fields]
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    fields = [by_name[name] for name in tracked] + [
        by_name["history_date"],
        by_name["history_change_reason"],
        by_name["history_type"],
        by_name["history_user_id"],
    ]
    # simple-history keeps a file field as text: store the file's name.
    files = {f.attname for f in model._meta.concrete_fields if f.get_internal_type() in ("FileField", "ImageField")}
    getters = [
        (lambda obj, n=name: getattr(obj, n).name or "") if name in files else attrgetter(name) for name in tracked
    ]
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    rows = ([*(get(obj) for get in getters), now, reason, history_type, user_id] for obj in objs)
    insert_rows(history, fields, rows, returning=False)
