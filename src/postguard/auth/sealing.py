"""Secrets kept in the database sealed under the secret key (TOTP seeds).

Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from ``POSTGUARD_SECRET_KEY``
by HKDF-SHA256, so a copy of the database alone does not give away anyone's
second factor. Changing the secret key makes sealed values unreadable: users
then enrol their authenticator again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"postguard sealed secret v1"


class SealError(ValueError):
    """A sealed value could not be opened (another secret key, or altered)."""


def _fernet(secret_key: str) -> Fernet:
    if not secret_key:
        raise ValueError("sealing needs the secret key")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret_key: str, value: str) -> str:
    return _fernet(secret_key).encrypt(value.encode()).decode("ascii")


def unseal(secret_key: str, token: str) -> str:
    try:
        return _fernet(secret_key).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise SealError("cannot open a sealed secret (was the secret key changed?)") from exc
