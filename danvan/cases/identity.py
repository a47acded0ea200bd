"""Sealing denouncers' identities (Luật Tố cáo 2018, Arts. 9, 47, 56; Decision 774/QĐ-TTg).

The name, address, contacts and any other identifying detail of a denouncer are encrypted with
Fernet (AES-128-CBC with an HMAC) under the keys in ``settings.IDENTITY_KEYS`` and stored apart from
the case, which only ever shows "Người tố cáo #N". The newest key seals; older keys still open what
they sealed until the data is re-sealed (key rotation). Without an explicit key (development, tests)
one is derived from ``SECRET_KEY``; production refuses to start without ``DANVAN_IDENTITY_KEYS``.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from danvan.core import text

FIELDS = ("name", "address", "phone", "email", "id_number", "relatives", "note")


def _fernet():
    keys = list(getattr(settings, "IDENTITY_KEYS", []) or [])
    if not keys:
        derived = hashlib.sha256(f"danvan-identity:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def seal(identity):
    """Encrypt an identity dict (only the known fields, cleaned like any stored text and stripped) to bytes."""
    fields = {name: text.clean(identity.get(name) or "").strip() for name in FIELDS}
    return _fernet().encrypt(json.dumps(fields, ensure_ascii=False).encode())


def unseal(token):
    try:
        return json.loads(_fernet().decrypt(bytes(token)).decode())
    except InvalidToken as exc:
        raise PermissionError("identity cannot be opened with the configured keys") from exc


def seal_bytes(data):
    """Encrypt a scan (the denouncer's letter, an ID card) the same way."""
    return _fernet().encrypt(bytes(data))


def unseal_bytes(token):
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:
        raise PermissionError("document cannot be opened with the configured keys") from exc


def reseal(token):
    """Re-encrypt under the newest key (after a key rotation)."""
    return _fernet().rotate(bytes(token))
