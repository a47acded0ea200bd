"""Attachments: what a file is (from its first bytes), the limits, and storing them with a case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ..models import CaseAttachment

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User

    from ..models import Case, CaseEvent

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg", ".jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
               (b"%PDF-", "application/pdf", ".pdf"))  # fmt: skip


def attachment_kind(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None: the name a browser sends is not trusted."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def attachments_check(files: Sequence[File]) -> None:
    """Refuse the whole submission, naming the file, when any attachment is too big or not an image or PDF."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Gửi tối đa %(n)d tệp.") % {"n": MAX_ATTACHMENTS}})
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": _("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": upload.name}})
        head = upload.read(8)
        upload.seek(0)
        if attachment_kind(head) is None:
            raise ValidationError(
                {"attachments": _("Tệp “%(name)s” không phải ảnh JPEG, PNG hoặc tệp PDF.") % {"name": upload.name}}
            )


def attachments_add(
    *, case: Case, files: Sequence[File], acting_user: User | None = None, event: CaseEvent | None = None
) -> list[CaseAttachment]:
    attachments_check(files)
    saved = []
    for upload in files:
        data = upload.read()
        content_type, extension = cast(tuple[str, str], attachment_kind(data[:8]))  # a known kind: checked above
        item = CaseAttachment(
            case=case, event=event, name=(upload.name or "tep")[:255], content_type=content_type, size=len(data),
            uploaded_by=acting_user,
        )  # fmt: skip
        item.file.save(f"{case.code}{extension}", ContentFile(data), save=False)  # our name, never the sender's
        item.save()
        saved.append(item)
    return saved
