"""Lockout after repeated sign-in failures: pure arithmetic on a user's counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)
    # Each further lock (failures keep coming) lasts twice as long, up to this.
    max_lock: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class LoginState:
    failed: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def after_failure(state: LoginState, now: datetime, policy: LockoutPolicy) -> LoginState:
    """Count one failure; every ``max_failures``-th failure locks the account."""
    failed = state.failed + 1
    if failed % policy.max_failures:
        return LoginState(failed, state.locked_until)
    times = failed // policy.max_failures
    duration = min(policy.lock_for * (2 ** (times - 1)), policy.max_lock)
    return LoginState(failed, now + duration)


def after_success() -> LoginState:
    return LoginState()
