"""TOTP second factor (RFC 6238, 30 s steps, 6 digits), with replay protection."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

import pyotp

ISSUER = "PostGuard"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # accept the previous and next code too (clock drift)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app reads (shown as a QR code)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=email, issuer_name=issuer
    )


def code_at(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(at)


def verify_code(
    secret: str, code: str, *, last_step: int | None = None, at: datetime | None = None
) -> int | None:
    """The time step ``code`` belongs to, or None if wrong or already used.

    Store the returned step as the user's last step: a code (or an older one) is
    never accepted twice.
    """
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    now = at or datetime.now(UTC)
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    step_now = totp.timecode(now)
    for step in range(step_now - DRIFT_STEPS, step_now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None
