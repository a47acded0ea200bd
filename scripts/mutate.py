#!/usr/bin/env python3
"""Mutation testing of the code that decides who may do what and which step may follow which.

Each mutant is one small change to a target module (a condition negated or dropped, ``and`` and ``or``
swapped, a comparison turned, a ``require`` removed, a permission asked replaced by the weakest of its
app, a right asked of the scope replaced by another, an entry of a transitions or steps table removed,
a returned boolean fixed). The script writes the mutant over the module in a copy of the project, runs
the module's own tests there (``pytest -x``), and puts the module back. A mutant the tests do not
notice has *survived*: some rule could change without a test failing.

    python scripts/mutate.py --jobs 2                         every target module (see docs/testing.md)
    python scripts/mutate.py danvan/cases/rules.py --list     the mutants of one module, without running
    python scripts/mutate.py danvan/reports/workflow.py       one module
    python scripts/mutate.py danvan/cases/rules.py --line 58  the mutants of one line

Each worker (``--jobs``) has its copy under ``var/mutation/tree-N/`` and its own SQLite test database
there (``danvan.settings.mutation``: a file kept between runs, ``--reuse-db``), made once when the
worker starts, so a mutant's run skips the migrations. The checkout itself is never written to, so
Ctrl-C (or a kill) leaves nothing to put back. The results go to ``var/mutation/results.json``, and a
summary (a Markdown table per module, then every mutant not killed) is printed at the end. The exit
status is 1 when a mutant of a permission or a transition survived.
"""

import argparse
import ast
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "mutation"

# --- what is mutated, and which tests judge it ---------------------------------------------------------

CASES_RULES_TESTS = [
    "danvan/cases/tests/test_rules.py",
    "danvan/cases/tests/test_service_rights.py",
    "danvan/cases/tests/test_reception_rights.py",
    "danvan/cases/tests/test_denouncer.py",
    "danvan/cases/tests/test_place_scope.py",
    "danvan/cases/tests/test_rating.py",
]
CASES_SERVICES_TESTS = [
    *CASES_RULES_TESTS,
    "danvan/cases/tests/test_handling.py",
    "danvan/cases/tests/test_workflow.py",
]
CADRES_TESTS = [
    "danvan/cadres/tests/test_rules.py",
    "danvan/cadres/tests/test_permissions.py",
    "danvan/cadres/tests/test_services.py",
    "danvan/cadres/tests/test_field_days.py",
    "danvan/cadres/tests/test_review.py",
]
INSIGHT_TESTS = [
    "danvan/insight/tests/test_rules.py",
    "danvan/insight/tests/test_permissions.py",
    "danvan/insight/tests/test_duplicates.py",
    "danvan/insight/tests/test_insight.py",
]
REPORTS_TESTS = [
    "danvan/reports/tests/test_rules.py",
    "danvan/reports/tests/test_permissions.py",
    "danvan/reports/tests/test_periodic_reports.py",
    "danvan/reports/tests/test_register.py",
]
ACCOUNTS_TESTS = [
    "danvan/accounts/tests/test_user_rights.py",
    "danvan/accounts/tests/test_permissions.py",
    "danvan/accounts/tests/test_user_management.py",
    "danvan/accounts/tests/test_two_factor.py",
]
UNITS_TESTS = [
    "danvan/units/tests/test_unit_rights.py",
    "danvan/units/tests/test_permissions.py",
    "danvan/units/tests/test_unit_pages.py",
    "danvan/units/tests/test_village_import.py",
]
ENGAGEMENT_TESTS = [
    "danvan/engagement/tests/test_rules.py",
    "danvan/engagement/tests/test_permissions.py",
    "danvan/engagement/tests/test_receptions.py",
    "danvan/engagement/tests/test_schedules.py",
    "danvan/engagement/tests/test_dialogues.py",
    "danvan/engagement/tests/test_commitments.py",
]
PERMISSION_TABLES = [
    "danvan/engagement/tests/test_permissions.py",
    "danvan/cases/tests/test_service_rights.py",
    "danvan/cadres/tests/test_permissions.py",
    "danvan/insight/tests/test_permissions.py",
    "danvan/reports/tests/test_permissions.py",
]


@dataclass
class Target:
    """``full``: every function and the module's tables; ``guards``: only what guards a write (the
    ``require`` calls, the ``if`` that refuses, and the functions named ``can_…``/``may_…``)."""

    mode: str
    tests: list
    tables: tuple = ()  # module-level names whose entries are removed one by one
    kind: str = "permission"  # what a mutant of the module changes (permission, transition)


TARGETS = {
    "danvan/core/permissions.py": Target("full", ["danvan/core/tests/test_permissions.py", *PERMISSION_TABLES]),
    "danvan/core/scoping.py": Target(
        "full", ["danvan/core/tests/test_scoping.py", *PERMISSION_TABLES, "danvan/cases/tests/test_place_scope.py"]
    ),
    "danvan/cases/rules.py": Target("full", CASES_RULES_TESTS),
    "danvan/cases/workflow.py": Target(
        "full",
        ["danvan/cases/tests/test_workflow.py", "danvan/cases/tests/test_case_dates.py"],
        tables=("TRANSITIONS", "OPEN", "_NEUTRAL", "_OPEN_STEPS", "_STOPPING"),
        kind="transition",
    ),
    "danvan/cases/actions.py": Target(
        "full",
        [
            "danvan/cases/tests/test_actions.py",
            "danvan/cases/tests/test_service_rights.py",
            "danvan/cases/tests/test_workflow.py",
            "danvan/cases/tests/test_handling.py",
            "danvan/cases/tests/test_staff_pages.py",
        ],
        tables=("ACTIONS",),
        kind="transition",
    ),
    **{
        f"danvan/cases/services/{name}.py": Target("guards", CASES_SERVICES_TESTS)
        for name in ("files", "identity", "intake", "links", "ratings", "routing", "steps")
    },
    "danvan/cadres/rules.py": Target("full", CADRES_TESTS),
    "danvan/cadres/services.py": Target("guards", CADRES_TESTS),
    "danvan/insight/rules.py": Target("full", INSIGHT_TESTS),
    **{
        f"danvan/insight/services/{name}.py": Target("guards", INSIGHT_TESTS)
        for name in ("decisions", "duplicates", "early_warning", "opinions", "reading", "training")
    },
    "danvan/engagement/rules.py": Target("full", ENGAGEMENT_TESTS),
    **{
        f"danvan/engagement/services/{name}.py": Target("guards", ENGAGEMENT_TESTS)
        for name in ("receptions", "schedules", "dialogues", "commitments")
    },
    "danvan/reports/rules.py": Target("full", REPORTS_TESTS),
    "danvan/reports/workflow.py": Target("full", REPORTS_TESTS, tables=("STEPS",), kind="transition"),
    "danvan/reports/services.py": Target("guards", REPORTS_TESTS),
    "danvan/accounts/rules.py": Target("full", ACCOUNTS_TESTS),
    "danvan/accounts/services.py": Target("guards", ACCOUNTS_TESTS),
    "danvan/units/rules.py": Target("full", UNITS_TESTS),
    "danvan/units/services.py": Target("guards", UNITS_TESTS),
}

# The permission that the mutant asks instead: the weakest of the app (anyone who views some unit).
WEAKEST = {
    "cases": "cases.list_cases",
    "cadres": "cadres.view_overview",
    "insight": "insight.view_warnings",
    "reports": "reports.view_dashboard",
    "engagement": "engagement.view_pages",
}
PERMISSION = re.compile(r"^(cases|cadres|insight|reports|engagement)\.[a-z_]+$")
# What a role is asked for (core.scoping): a right replaced by another.
SCOPE_SWAP = {"VIEW": "MANAGE", "MANAGE": "VIEW", "ENTER": "VIEW", "APPROVE": "VIEW", "MANAGE_USERS": "MANAGE"}
# Calls that answer "may this user…": replaced by True and by False where a service asks them.
ASKS = {
    "may",
    "has_perm",
    "path_in_scope",
    "holds_anywhere",
}
# Calls that refuse (PermissionDenied, or ValidationError for a step the workflow does not allow).
GUARDS = {"require", "check"}
# A function of a service module named so decides a permission itself: all of it is mutated.
DECIDES = re.compile(r"(^|_)(can|may)(_|$)")
# In a transition module, the code of the state machine itself (the rest is "other": clocks, titles).
TRANSITION_CODE = (
    "next_status",
    "allowed_events",
    "check",
    "allowed",
    "actions_for",
    "CaseAction.offered_for",
    "step_events",
    "offered",
    "for_event",
    "<lambda>",
    "<module>",
)
COMPARE_SWAP = {
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.Lt: "<=",
    ast.LtE: "<",
    ast.Gt: ">=",
    ast.GtE: ">",
    ast.In: "not in",
    ast.NotIn: "in",
    ast.Is: "is not",
    ast.IsNot: "is",
}


# Survivors that no test can kill, each with why: the mutant behaves as the code does (docs/testing.md).
# (module, function, mutant) → the reason; a mutant listed here that survives counts as "equivalent".
EQUIVALENT = {
    ("danvan/core/permissions.py", "may", "drop the operand `user.is_authenticated`"):
        "an anonymous user is never active, and a user is always authenticated: `is_active` refuses the same",
    ("danvan/core/scoping.py", "scope_paths", "drop the operand `not user.is_authenticated`"):
        "as in `may`: `not user.is_active` refuses the same users",
    ("danvan/core/scoping.py", "record_q", "drop the condition (never true)"):
        "for a superuser `scope_q` is then `Q()` and `if paths:` is false: the same `Q()`",
    ("danvan/core/scoping.py", "belongs_q", "drop the condition (never true)"):
        "the shortcut for the only root: the general path reads the same records with another query",
    ("danvan/core/scoping.py", "ScopedQuerySet.count_under", "negate the condition"):
        "one count or the sum of its two disjoint parts: the same number, another query plan",
    ("danvan/core/scoping.py", "ScopedQuerySet.count_under", "drop the condition (never true)"):
        "one count or the sum of its two disjoint parts: the same number, another query plan",
    ("danvan/core/scoping.py", "ScopedQuerySet.count_under", "drop `not`"):
        "one count or the sum of its two disjoint parts: the same number, another query plan",
    ("danvan/core/scoping.py", "get_scoped_or_404", "drop the operand `issubclass(queryset, models.Model)`"):
        "every class its callers pass is a model",
    ("danvan/cases/actions.py", "step_events", "drop the operand `e in BY_EVENT`"):
        "every event the workflow allows, and the note, is declared in ACTIONS: the test filters nothing",
    ("danvan/cases/rules.py", "works_at_handling_unit", "drop the condition (never true)"):
        "every role with the manage right has the enter right (ROLE_PERMS), and manage is required next",
    ("danvan/cases/rules.py", "works_at_handling_unit", "right `ENTER` → `VIEW`"):
        "every role with the manage right has the enter right (ROLE_PERMS), and manage is required next",
    ("danvan/cases/services/steps.py", "case_assign", "drop the operand `handler is None`"):
        "`may` refuses no user: `may('cases.handle', None, case)` is false, the same error",
    ("danvan/cases/services/steps.py", "case_merge", "drop the operand `into is None`"):
        "`cases.merge` over no case is refused (`manages_handling_unit`), the same error",
    ("danvan/cases/services/links.py", "case_link", "drop the operand `other is None`"):
        "`cases.link_with` over no case is refused (`views_handling_unit`), the same refusal",
    ("danvan/cadres/rules.py", "sees_course", "drop the operand `bool(paths)`"):
        "`any` over no path is false, and a superuser's scope never reaches the line",
    ("danvan/reports/rules.py", "add_perm('reports.make_files')", "drop `works_at_unit_above`"):
        "who approves or manages over the unit above does so over the report's unit: the other two grant it",
}  # fmt: skip


@dataclass
class Mutant:
    path: str
    line: int
    function: str
    what: str
    start: int
    end: int
    text: str
    kind: str = "permission"
    reason: str = ""  # why an equivalent mutant cannot be killed
    in_function: bool = False  # inside a function: its code can be swapped in a forked test process
    status: str = ""
    seconds: float = 0.0


def call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def is_booleanish(node):
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bool)
    if isinstance(node, ast.BoolOp | ast.Compare):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    if isinstance(node, ast.Call):
        return call_name(node) in ASKS | {"any", "all", "bool", "exists", "startswith"} or bool(
            DECIDES.search(call_name(node))
        )
    return False


def contains_ask(node):
    return any(isinstance(sub, ast.Call) and call_name(sub) in ASKS for sub in ast.walk(node))


def raises_permission_denied(body):
    for statement in body:
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                return True
    return False


class Generator:
    """The mutants of one module, each a replacement of one byte range of the source."""

    def __init__(self, path, target):
        self.path = path
        self.target = target
        self.source = (ROOT / path).read_bytes()
        self.tree = ast.parse(self.source)
        self.line_starts = [0]
        for index, byte in enumerate(self.source):
            if byte == 0x0A:
                self.line_starts.append(index + 1)
        self.mutants = []
        self.messages = set()  # the nodes of what a ``raise`` says
        self.function = "<module>"
        self.kind = target.kind

    # -- positions ------------------------------------------------------------------------------------

    def span(self, node):
        start = self.line_starts[node.lineno - 1] + node.col_offset
        end = self.line_starts[node.end_lineno - 1] + node.end_col_offset
        return start, end

    def seg(self, node):
        start, end = self.span(node)
        return self.source[start:end].decode()

    def add(self, node, what, text, span=None):
        start, end = span or self.span(node)
        in_function = self.function not in ("<module>", "<lambda>") and not self.function.startswith("add_perm(")
        in_function = in_function and self.function not in self.target.tables
        self.mutants.append(
            Mutant(
                self.path,
                node.lineno,
                self.function,
                what,
                start,
                end,
                text,
                kind=self.kind_of(node),
                in_function=in_function,
            )
        )

    def kind_of(self, node):
        if id(node) in self.messages:
            return "other"  # what a refusal says or where an error shows, not whether it is refused
        if self.kind == "transition" and self.function not in TRANSITION_CODE + self.target.tables:
            return "other"  # in a transition module, code that is not the state machine (the clocks, a title)
        return self.kind

    # -- operators ------------------------------------------------------------------------------------

    def negate(self, node, what="negate the condition"):
        self.add(node, what, f"not ({self.seg(node)})")

    def boolop(self, node):
        op = " and " if isinstance(node.op, ast.And) else " or "
        other = " or " if op == " and " else " and "
        parts = [f"({self.seg(value)})" for value in node.values]
        self.add(node, f"{op.strip()} → {other.strip()}", "(" + other.join(parts) + ")")
        for index, value in enumerate(node.values):
            rest = parts[:index] + parts[index + 1 :]
            self.add(node, f"drop the operand `{self.seg(value)}`", "(" + op.join(rest) + ")")

    def compare(self, node):
        for index, op in enumerate(node.ops):
            swapped = COMPARE_SWAP.get(type(op))
            if swapped is None:
                continue
            text = f"({self.seg(node.left)})"
            for position, (each, right) in enumerate(zip(node.ops, node.comparators, strict=True)):
                word = swapped if position == index else self.op_text(each)
                text += f" {word} ({self.seg(right)})"
            self.add(node, f"comparison `{self.op_text(op)}` → `{swapped}`", f"({text})")

    @staticmethod
    def op_text(op):
        return {
            ast.Eq: "==",
            ast.NotEq: "!=",
            ast.Lt: "<",
            ast.LtE: "<=",
            ast.Gt: ">",
            ast.GtE: ">=",
            ast.In: "in",
            ast.NotIn: "not in",
            ast.Is: "is",
            ast.IsNot: "is not",
        }[type(op)]

    def fixed(self, node, what):
        for value in ("True", "False"):
            if isinstance(node, ast.Constant) and str(node.value) == value:
                continue
            self.add(node, f"{what} → {value}", value)

    def permission_string(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and PERMISSION.match(node.value):
            weakest = WEAKEST[node.value.split(".")[0]]
            if node.value != weakest:
                self.add(node, f"ask `{weakest}` instead of `{node.value}`", repr(weakest))

    def scope_constant(self, node):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "scoping"
            and node.attr in SCOPE_SWAP
        ):
            self.add(node, f"right `{node.attr}` → `{SCOPE_SWAP[node.attr]}`", f"scoping.{SCOPE_SWAP[node.attr]}")

    def drop_statement(self, node, what):
        self.add(node, what, "pass")

    def drop_element(self, container, element, what):
        """Remove one element of a literal (with its comma)."""
        start, end = self.span(element)
        if isinstance(container, ast.Dict):
            key = container.keys[container.values.index(element)]
            start = self.span(key)[0]
        after = end
        while after < len(self.source) and self.source[after : after + 1] in (b" ", b"\t"):
            after += 1
        if self.source[after : after + 1] == b",":
            end = after + 1
        self.add(element, what, "", span=(start, end))

    # -- walking --------------------------------------------------------------------------------------

    def run(self):
        for statement in self.tree.body:
            if isinstance(statement, ast.FunctionDef):
                self.function_def(statement)
            elif isinstance(statement, ast.ClassDef):
                for item in statement.body:
                    if isinstance(item, ast.FunctionDef):
                        self.function_def(item, prefix=statement.name + ".")
            elif self.target.mode == "full":
                self.module_statement(statement)
        return self.mutants

    def function_def(self, node, prefix=""):
        self.function = prefix + node.name
        full = self.target.mode == "full" or DECIDES.search(node.name)
        self.messages = {
            id(sub)
            for raised in ast.walk(node)
            if isinstance(raised, ast.Raise) and raised.exc is not None
            for sub in ast.walk(raised.exc)
        }
        for statement in node.body:
            for sub in ast.walk(statement):
                if full:
                    self.full(sub)
                else:
                    self.guard(sub)
        self.function = "<module>"
        self.messages = set()

    def full(self, node):
        if isinstance(node, ast.If):
            self.negate(node.test)
            self.add(node.test, "drop the condition (never true)", "False")
        elif isinstance(node, ast.IfExp):
            self.negate(node.test)
        elif isinstance(node, ast.comprehension):
            for test in node.ifs:
                self.negate(test, "negate the filter")
        elif isinstance(node, ast.BoolOp):
            self.boolop(node)
        elif isinstance(node, ast.Compare):
            self.compare(node)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.add(node, "drop `not`", f"({self.seg(node.operand)})")
        elif isinstance(node, ast.Return) and node.value is not None and is_booleanish(node.value):
            self.fixed(node.value, "return")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("any", "all"):
            self.add(node.func, f"{node.func.id} → {'all' if node.func.id == 'any' else 'any'}",
                     "all" if node.func.id == "any" else "any")  # fmt: skip
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and call_name(node.value) in GUARDS:
            self.drop_statement(node, f"drop `{call_name(node.value)}(…)`")
        elif (
            isinstance(node, ast.Tuple | ast.Set | ast.List)
            and len(node.elts) >= 2
            and all(isinstance(element, ast.Attribute) for element in node.elts)
        ):
            for element in node.elts:
                self.drop_element(node, element, f"drop `{self.seg(element)}` from the tuple")
        self.permission_string(node)
        self.scope_constant(node)

    def guard(self, node):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and call_name(node.value) in GUARDS:
            self.drop_statement(node, f"drop `{call_name(node.value)}(…)`")
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and call_name(node.value) == "check"
            and isinstance(node.value.func, ast.Attribute)
        ):
            owner = self.seg(node.value.func.value)
            self.add(node.value, "skip `check(…)` (take the step unchecked)",
                     f"{owner}.STEPS[{self.seg(node.value.args[0])}]")  # fmt: skip
        if isinstance(node, ast.Call) and call_name(node) in GUARDS | ASKS:
            for argument in node.args:
                self.permission_string(argument)
                if isinstance(argument, ast.IfExp):
                    self.negate(argument.test)
        if isinstance(node, ast.If) and (contains_ask(node.test) or raises_permission_denied(node.body)):
            self.negate(node.test)
            self.add(node.test, "drop the condition (never true)", "False")
            for sub in ast.walk(node.test):
                if isinstance(sub, ast.BoolOp):
                    self.boolop(sub)
                elif isinstance(sub, ast.Compare):
                    self.compare(sub)
                elif isinstance(sub, ast.UnaryOp) and isinstance(sub.op, ast.Not):
                    self.add(sub, "drop `not`", f"({self.seg(sub.operand)})")
                elif isinstance(sub, ast.Call) and call_name(sub) in ASKS:
                    self.fixed(sub, f"`{call_name(sub)}(…)`")
                self.scope_constant(sub)
        if isinstance(node, ast.Return) and node.value is not None and contains_ask(node.value):
            self.fixed(node.value, "return")

    def module_statement(self, statement):
        for sub in ast.walk(statement):
            if isinstance(sub, ast.Call) and call_name(sub) == "add_perm" and len(sub.args) == 2:
                self.kind = "permission"
                predicate = sub.args[1]
                self.function = f"add_perm({sub.args[0].value!r})"
                self.add(predicate, "grant to everyone (`rules.always_allow`)", "rules.always_allow")
                if isinstance(predicate, ast.BinOp):
                    operands = self.flatten(predicate)
                    for index, operand in enumerate(operands):
                        rest = operands[:index] + operands[index + 1 :]
                        self.add(predicate, f"drop `{self.seg(operand)}`", " | ".join(self.seg(o) for o in rest))
                    self.add(predicate, "`|` → `&`", " & ".join(self.seg(o) for o in operands))
                self.function = "<module>"
                self.kind = self.target.kind
            elif isinstance(sub, ast.Lambda):
                self.function = "<lambda>"
                for inner in ast.walk(sub.body):
                    self.full(inner)
                self.function = "<module>"
        if isinstance(statement, ast.For):
            self.drop_statement(statement, "drop the module's `for` loop")
        names = [t.id for t in getattr(statement, "targets", []) if isinstance(t, ast.Name)]
        if isinstance(statement, ast.AnnAssign | ast.Assign) and set(names) & set(self.target.tables):
            self.function = names[0]
            self.table(statement.value)
            self.function = "<module>"
            self.messages = set()

    def flatten(self, node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.flatten(node.left) + self.flatten(node.right)
        return [node]

    def table(self, value):
        # Which form field shows a service's error (``renames`` of ``ACTIONS``): not a transition.
        self.messages = {
            id(node)
            for keyword in walk_outside_lambdas(value)
            if isinstance(keyword, ast.keyword) and keyword.arg == "renames"
            for node in ast.walk(keyword.value)
        }
        for sub in walk_outside_lambdas(value):
            if isinstance(sub, ast.Dict):
                for key, entry in zip(sub.keys, sub.values, strict=True):
                    if key is None:
                        continue
                    self.drop_element(sub, entry, f"drop the entry `{self.seg(key)}`")
                    if isinstance(entry, ast.Dict):
                        for inner_key, inner in zip(entry.keys, entry.values, strict=True):
                            if isinstance(inner, ast.Attribute) and self.seg(inner) != self.seg(key):
                                self.add(inner, f"`{self.seg(key)}` + `{self.seg(inner_key)}` stays in `{self.seg(key)}`",
                                         self.seg(key))  # fmt: skip
            elif isinstance(sub, ast.Set | ast.Tuple | ast.List) and not isinstance(value, ast.Dict):
                for element in sub.elts:
                    if isinstance(element, ast.Attribute | ast.Call):
                        self.drop_element(sub, element, f"drop `{self.seg(element)[:60]}`")
            elif isinstance(sub, ast.Call) and call_name(sub) == "Step" and len(sub.args) >= 3:
                target = sub.args[2]
                if not (isinstance(target, ast.Constant) and target.value is None):
                    self.add(target, f"step `{sub.args[0].value}` leaves the state unchanged", "None")
            self.permission_string(sub)


def walk_outside_lambdas(node):
    """``ast.walk`` that does not enter a lambda (its body is mutated as code, not as a table)."""
    todo = [node]
    while todo:
        current = todo.pop(0)
        yield current
        todo.extend(child for child in ast.iter_child_nodes(current) if not isinstance(child, ast.Lambda))


def mutants_of(path):
    target = TARGETS[path]
    generated = Generator(path, target).run()
    original = (ROOT / path).read_bytes()
    seen, result = {original}, []
    for mutant in generated:
        mutated = mutant_source(original, mutant)
        if mutated in seen:
            continue
        try:
            compile(mutated, path, "exec")
        except SyntaxError as exc:  # a bug of this script: say so, do not run it
            print(f"  ! {path}:{mutant.line} {mutant.what}: {exc}", file=sys.stderr)
            continue
        seen.add(mutated)
        result.append(mutant)
    return result


def key(mutant):
    """What a mutant is, from one run to the next (its module is unchanged, its tests may not be)."""
    return (mutant.path, mutant.line, mutant.function, mutant.what.split(" (no test")[0], mutant.text)


def mutant_source(original, mutant):
    return original[: mutant.start] + mutant.text.encode() + original[mutant.end :]


# --- running -------------------------------------------------------------------------------------------

# What a worker's copy of the project holds: enough to run the tests.
COPIED = ("danvan", "locale", "conftest.py", "pyproject.toml", "manage.py")


def module_name(path):
    return path.removesuffix(".py").replace("/", ".")


class Worker:
    """A copy of the project under ``var/mutation/tree-N/`` with its own test database (a file kept
    between runs): a mutant is never written to the checkout.

    A mutant inside a function runs in a process forked from a server that has Django and the tests
    loaded (``serve``): the function's code is swapped there before pytest runs, which saves starting
    Python and Django for each mutant. A mutant of a module's own statements (a table, a permission's
    declaration) is written over the module of the copy and run in a fresh pytest.
    """

    def __init__(self, number, tests):
        self.number = number
        self.root = STATE / f"tree-{number}"
        self.process = None
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, self.root / name)
        (self.root / "var").mkdir()
        self.env = {
            **os.environ,
            "DANVAN_VAR_DIR": str(self.root / "var"),
            "DJANGO_SETTINGS_MODULE": "danvan.settings.mutation",
        }
        status, _seconds = self.run_tests(["danvan/core/tests/test_scoping.py"], timeout=1800, create=True)
        if status != "passed":
            raise SystemExit("the test database could not be made (danvan/core/tests/test_scoping.py fails)")
        self.tests = sorted(tests)
        self.server = None
        self.start_server()

    def start_server(self):
        if self.server is not None:
            self.server.kill()
            self.server.wait()
        self.server = subprocess.Popen(  # noqa: S603 (this interpreter, this script)
            [sys.executable, str(Path(__file__).resolve()), "--serve", json.dumps(self.tests)],
            cwd=self.root,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.server.stdout.readline().strip() != "ready":
            raise SystemExit(f"worker {self.number}: the test server did not start")

    def pytest_arguments(self, tests, *, create=False):
        return [*(["--create-db"] if create else []), "--reuse-db", "-x", "-q", "-p", "no:cacheprovider", *tests]

    def run_tests(self, tests, timeout, *, create=False):
        """(status, seconds) of a fresh pytest: ``passed``, ``failed`` or ``timeout``."""
        command = [sys.executable, "-m", "pytest", *self.pytest_arguments(tests, create=create)]
        began = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter's pytest)
            command, cwd=self.root, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "timeout", time.monotonic() - began
        finally:
            self.process = None
        return ("passed" if code == 0 else "failed"), time.monotonic() - began

    def run_forked(self, tests, timeout, path=None, function=None, source=None, trace=None):
        """(status, seconds) of pytest in a process forked from the server, with ``function`` of ``path``
        compiled from ``source``; ``unpatchable`` when the server cannot swap it. With ``trace`` (a
        module), which tests call each of its functions is written to ``calls.json`` of the copy."""
        request = {"arguments": self.pytest_arguments(tests), "timeout": timeout}
        if path is not None:
            request.update(module=module_name(path), function=function, source=source)
        if trace is not None:
            request.update(trace=trace, trace_file=str(self.root / "calls.json"))
        for attempt in (1, 2):  # a server that stopped is started again, once per request
            began = time.monotonic()
            try:
                self.server.stdin.write(json.dumps(request) + "\n")
                self.server.stdin.flush()
                answer = self.server.stdout.readline().strip()
            except (BrokenPipeError, OSError):
                answer = ""
            if answer or STOP.is_set():
                return answer or "failed", time.monotonic() - began
            if attempt == 1:
                print(f"worker {self.number}: the test server stopped; starting it again", file=sys.stderr)
                self.start_server()
        raise SystemExit(f"worker {self.number}: the test server stopped twice on one request")

    def stop(self):
        for process in (self.process, getattr(self, "server", None)):
            if process is not None:
                process.kill()

    def mutate(self, path, mutants, results, say):
        target = TARGETS[path]
        status, seconds = self.run_forked(target.tests, timeout=3600, trace=path)
        if status != "passed":
            say(f"{path}: its tests fail without any mutant ({status}); not mutated")
            return
        calls = json.loads((self.root / "calls.json").read_text())
        timeout = max(60.0, 3 * seconds + 30)
        say(f"{path}: {len(mutants)} mutants, its tests take {seconds:.0f} s (traced)")
        module = self.root / path
        original = module.read_bytes()
        times = os.stat(module)
        try:
            for number, mutant in enumerate(mutants, 1):
                if STOP.is_set():
                    return
                mutated = mutant_source(original, mutant)
                outcome = "unpatchable"
                if mutant.in_function and not calls.get(mutant.function):
                    outcome = "passed"  # no test calls the function: nothing can notice the mutant
                    mutant.what += " (no test calls the function)"
                elif mutant.in_function:
                    outcome, mutant.seconds = self.run_forked(
                        calls[mutant.function], timeout, path, mutant.function, mutated.decode()
                    )
                if outcome == "unpatchable":
                    module.write_bytes(mutated)
                    # A time of its own for each mutant, so that no compiled copy of another is taken for it.
                    os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns + number * 10**9))
                    try:
                        outcome, mutant.seconds = self.run_tests(target.tests, timeout)
                    finally:
                        module.write_bytes(original)
                        os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))
                if STOP.is_set():
                    return
                mutant.status = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[outcome]
                results.append(judge(mutant))
                mark = {"killed": "  killed", "survived": "SURVIVED", "equivalent": "  equiv.", "timeout": " timeout"}
                mark = mark[mutant.status]
                if say.verbose or mutant.status not in ("killed", "equivalent"):
                    say(f"  {number:>3}/{len(mutants)} {mark} {path}:{mutant.line} [{mutant.function}] {mutant.what}")
        finally:
            module.write_bytes(original)
            os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))


# --- the test server (``--serve``): runs in a worker's copy ---------------------------------------------


def find_code(code, names):
    """The code object of the function ``names`` (``["Class", "method"]``) inside a module's code."""
    for name in names:
        found = [const for const in code.co_consts if isinstance(const, type(code)) and const.co_name == name]
        if len(found) != 1:
            return None
        code = found[0]
    return code


def function_object(module, names):
    """The plain function behind ``module.names`` (through ``rules.predicate``, ``transaction.atomic``,
    ``property``, ``staticmethod``)."""
    owner, value = module, None
    for name in names:
        value = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
        owner = value
    while True:
        if isinstance(value, property):
            value = value.fget
        elif isinstance(value, staticmethod | classmethod):
            value = value.__func__
        elif hasattr(value, "__wrapped__"):
            value = value.__wrapped__
        else:
            return value if callable(value) and hasattr(value, "__code__") else None


class Tracer:
    """A pytest plugin that notes which tests call each function of a module (``path``), so that a
    mutant of a function runs only the tests that reach it."""

    def __init__(self, path):
        import pytest

        module = sys.modules[module_name(path)]
        self.codes = {}
        for statement in ast.parse((Path.cwd() / path).read_bytes()).body:
            methods = [statement] if isinstance(statement, ast.FunctionDef) else []
            if isinstance(statement, ast.ClassDef):
                methods = [(statement.name, item) for item in statement.body if isinstance(item, ast.FunctionDef)]
            for item in methods:
                names = [item.name] if isinstance(item, ast.FunctionDef) else [item[0], item[1].name]
                function = function_object(module, names)
                if function is not None:
                    self.codes[function.__code__] = ".".join(names)
        self.calls = {name: [] for name in self.codes.values()}
        self.test = None

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(item, nextitem):
            self.test = item.nodeid
            sys.setprofile(self.profile)
            threading.setprofile(self.profile)
            yield
            sys.setprofile(None)
            threading.setprofile(None)

        self.pytest_runtest_protocol = pytest_runtest_protocol

    def profile(self, frame, event, arg):
        if event == "call":
            name = self.codes.get(frame.f_code)
            if name is not None and (not self.calls[name] or self.calls[name][-1] != self.test):
                self.calls[name].append(self.test)

    def save(self, file):
        Path(file).write_text(json.dumps(self.calls))


def serve(tests):
    """Load Django and the tests, then answer each request (a line of JSON) with a forked pytest run."""
    import importlib

    sys.path.insert(0, os.getcwd())
    import django
    import pytest

    django.setup()
    for path in [*TARGETS, *tests]:
        importlib.import_module(module_name(path))
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        swap = None
        if "module" in request:
            try:
                module = sys.modules[request["module"]]
                names = request["function"].split(".")
                function = function_object(module, names)
                code = find_code(compile(request["source"], module.__file__, "exec"), names)
            except Exception:  # noqa: BLE001 - the worker then runs this mutant in a fresh pytest
                function = code = None
            if function is None or code is None or code.co_freevars != function.__code__.co_freevars:
                print("unpatchable", flush=True)
                continue
            swap = (function, code)
        pid = os.fork()
        if pid == 0:  # the child: swap the function's code, run the tests, say nothing
            status = 3
            try:
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                if swap is not None:
                    swap[0].__code__ = swap[1]
                plugins = []
                if "trace" in request:
                    plugins.append(Tracer(request["trace"]))
                status = int(pytest.main(request["arguments"], plugins=plugins))
                if plugins:
                    plugins[0].save(request["trace_file"])
            finally:
                os._exit(status)
        deadline = time.monotonic() + request["timeout"]
        while True:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
                print("passed" if status == 0 else "failed", flush=True)
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                print("timeout", flush=True)
                break
            time.sleep(0.05)


STOP = threading.Event()


class Say:
    def __init__(self, verbose):
        self.verbose = verbose
        self.lock = threading.Lock()

    def __call__(self, line):
        with self.lock:
            print(line, flush=True)


def judge(mutant):
    """A survivor listed in ``EQUIVALENT`` is equivalent; the reason goes with it."""
    reason = EQUIVALENT.get((mutant.path, mutant.function, mutant.what))
    if mutant.status in ("survived", "equivalent") and reason:
        mutant.status, mutant.reason = "equivalent", reason
    return mutant


def summary(results, paths):
    lines = [
        "| module | mutants | killed | survived | equivalent | timeouts |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    totals = [0, 0, 0, 0, 0]
    for path in paths:
        mine = [m for m in results if m.path == path]
        row = [
            len(mine),
            sum(m.status == "killed" for m in mine),
            sum(m.status == "survived" for m in mine),
            sum(m.status == "equivalent" for m in mine),
            sum(m.status == "timeout" for m in mine),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        lines.append(f"| `{path}` | " + " | ".join(str(n) for n in row) + " |")
    lines.append("| all | " + " | ".join(f"**{n}**" for n in totals) + " |")
    survivors = sorted((m for m in results if m.status != "killed"), key=lambda m: (m.path, m.line))
    if survivors:
        lines += ["", "| module:line | function | mutant | kind | status |", "|---|---|---|---|---|"]
        lines += [
            f"| `{m.path}:{m.line}` | `{m.function}` | {m.what} | {m.kind} | {m.status}"
            + (f": {m.reason}" if m.reason else "")
            + " |"
            for m in survivors
        ]
    return "\n".join(lines)


def terminate(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="target modules (all of them by default)")
    parser.add_argument("--list", action="store_true", help="print the mutants without running them")
    parser.add_argument("--line", type=int, action="append", help="only the mutants on this line (repeatable)")
    parser.add_argument("--jobs", type=int, default=1, help="modules mutated at once, each in its own copy (1)")
    parser.add_argument("--quiet", action="store_true", help="print only the mutants that were not killed")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="run again only the mutants the last results do not have as killed (after new tests), and merge",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # a worker's test server (its tests, as JSON)
    options = parser.parse_args()
    if options.serve:
        return serve(json.loads(options.serve))
    paths = options.paths or list(TARGETS)
    unknown = [p for p in paths if p not in TARGETS]
    if unknown:
        sys.exit(f"not a target module: {', '.join(unknown)} (see TARGETS in {Path(__file__).name})")
    kept = []  # with --resume: the mutants killed before, kept as they were
    if options.resume and (STATE / "results.json").exists():
        before = json.loads((STATE / "results.json").read_text())["mutants"]
        kept = [Mutant(**m) for m in before if m["status"] in ("killed", "equivalent")]
    killed_before = {key(m) for m in kept}
    planned = {}
    for path in paths:
        mutants = [m for m in mutants_of(path) if key(m) not in killed_before]
        if options.line:
            mutants = [m for m in mutants if m.line in options.line]
        if mutants:
            planned[path] = mutants
    if options.list:
        for path, mutants in planned.items():
            print(f"{path}: {len(mutants)} mutants")
            for mutant in mutants:
                print(f"  {path}:{mutant.line} [{mutant.function}] {mutant.what} ({mutant.kind}): {mutant.text[:80]!r}")
        return
    signal.signal(signal.SIGTERM, terminate)
    STATE.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    say = Say(verbose=not options.quiet)
    queue = sorted(planned, key=lambda path: -len(planned[path]))  # the longest first: no long tail
    results, workers, lock = list(kept), [], threading.Lock()

    def work(number):
        try:
            worker = Worker(number, {test for path in planned for test in TARGETS[path].tests})
            workers.append(worker)
            while not STOP.is_set():
                with lock:
                    if not queue:
                        return
                    path = queue.pop(0)
                worker.mutate(path, planned[path], results, say)
        except BaseException as exc:  # a worker that cannot go on stops the run, saying why
            say(f"worker {number} stopped: {exc!r}")
            STOP.set()

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(1, options.jobs + 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(timeout=0.5)
    except KeyboardInterrupt:
        STOP.set()
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join(timeout=10)
        print("\ninterrupted: the figures below are of the mutants run so far (the checkout was never changed)")
    finally:
        results = [judge(m) for m in results]
        record = {
            "date": datetime.date.today().isoformat(),
            "minutes": round((time.monotonic() - began) / 60, 1),
            "mutants": [asdict(m) for m in results],
        }
        (STATE / "results.json").write_text(json.dumps(record, ensure_ascii=False, indent=1))
        print()
        print(f"{len(results) - len(kept)} mutants run in {record['minutes']} minutes ({record['date']})")
        print(summary(results, [p for p in paths if any(m.path == p for m in results)]))
    survived = [m for m in results if m.status == "survived" and m.kind in ("permission", "transition")]
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
