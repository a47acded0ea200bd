"""Tracking codes citizens can read aloud and type on a phone: ``PA-2026-7K3Q9``.

Prefix by kind, the year, and five characters from an alphabet without the letters that look like
digits (I, L, O) or make words (U). What a citizen types is read generously: lower case, spaces,
missing dashes, and O/I/L for 0/1/1 are all accepted.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIXES = {"phan_anh": "PA", "kien_nghi": "KN", "khieu_nai": "KH", "to_cao": "TC"}
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(r"^(PA|KN|KH|TC)-?(\d{4})-?([0-9A-HJKMNP-TV-Z]{5})$")


def new_code(kind, year, *, randbelow=secrets.randbelow):
    body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _n in range(5))
    return f"{PREFIXES[kind]}-{year}-{body}"


def normalize_code(text):
    """The canonical form of a typed code, or "" when it cannot be one."""
    raw = re.sub(r"[\s\-_.]", "", str(text or "")).upper()
    if len(raw) != 11:
        return ""
    head, year, body = raw[:2], raw[2:6], raw[6:].translate(_TYPED)
    match = _SHAPE.match(f"{head}-{year}-{body}")
    return f"{head}-{year}-{body}" if match else ""
