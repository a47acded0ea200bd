"""Writes of the cases module, one module per sub-domain, each write in one transaction and beginning by
requiring its permission (``rules.py``). The public names are re-exported here, so callers write
``services.case_record(...)``; the reads they used to find here are re-exported from ``selectors``."""

from ..selectors import (
    RATING_DAYS,
    answer_of,
    case_state,
    citizen_rating,
    link_suggestions,
    linked_cases,
    rating_last_day,
    rating_open,
    second_round_status,
    second_round_target,
)
from .files import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, attachment_kind, attachments_add, attachments_check
from .identity import (
    DOCUMENT_WINDOW,
    REFUSAL_MESSAGES,
    denunciation_receive,
    holds_identity_grant,
    identity_designate,
    identity_document_open,
    identity_grants_resume,
    identity_grants_suspend,
    identity_name_resolver,
    identity_reveal,
)
from .intake import case_submit, complaint_second_round, handling_unit, intake_key
from .links import case_link
from .ratings import case_rate
from .routing import routing_rule_delete, routing_rule_save
from .steps import (
    case_assign,
    case_classify,
    case_forward,
    case_merge,
    case_reassign,
    case_record,
    clock_copies,
)

__all__ = [
    "DOCUMENT_WINDOW", "MAX_ATTACHMENTS", "MAX_ATTACHMENT_BYTES", "RATING_DAYS", "REFUSAL_MESSAGES", "answer_of",
    "attachment_kind", "attachments_add", "attachments_check", "case_assign", "case_classify", "case_forward",
    "case_link", "case_merge", "case_rate", "case_reassign", "case_record", "case_state", "case_submit",
    "citizen_rating", "clock_copies", "complaint_second_round", "denunciation_receive",
    "handling_unit", "holds_identity_grant", "identity_designate", "identity_document_open",
    "identity_grants_resume", "identity_grants_suspend", "identity_name_resolver", "identity_reveal", "intake_key",
    "link_suggestions", "linked_cases", "rating_last_day", "rating_open", "routing_rule_delete",
    "routing_rule_save", "second_round_status", "second_round_target",
]  # fmt: skip
