"""E-mail out: one small interface, an SMTP implementation, nothing else.

Workflows never send mail themselves: they write notifications (see
:mod:`postguard.workflows.notifications`), and the delivery step hands them to a
:class:`Mailer` after the transaction that created them has committed. So a
relay that is down loses nothing: the notification stays undelivered, with the
error, and is tried again.

No child data goes in a message body: a notification says what kind of thing
needs attention and links to it; the record itself is behind the sign-in.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from postguard.settings import MailSettings


class MailError(RuntimeError):
    """A message could not be handed to the relay (the reason is in the message)."""


@dataclass(frozen=True, slots=True)
class Message:
    to: tuple[str, ...]
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, message: Message) -> None:
        """Hand ``message`` to the relay; :class:`MailError` when it is refused or unreachable."""


@dataclass(frozen=True)
class SmtpMailer:
    """Sends through the SMTP relay of ``POSTGUARD_SMTP_HOST``; one connection per message."""

    settings: MailSettings
    timeout: float = 10.0

    def send(self, message: Message) -> None:
        mail = EmailMessage()
        try:
            mail["From"] = self.settings.sender
            mail["To"] = ", ".join(message.to)
            mail["Subject"] = message.subject
            mail.set_content(message.body)
        except ValueError as exc:  # e.g. a line break in a header: never sent, never a crash
            raise MailError(f"the message cannot be sent as written: {exc}") from exc
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port, timeout=self.timeout) as smtp:
                if self.settings.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.settings.user:
                    smtp.login(self.settings.user, self.settings.password)
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{self.settings.host}:{self.settings.port}: {exc}") from exc


def mailer_for(settings: MailSettings | None) -> Mailer | None:
    """The SMTP mailer for these settings, or None when no relay is configured."""
    return None if settings is None else SmtpMailer(settings)


def addresses(values: Sequence[str]) -> tuple[str, ...]:
    """Distinct addresses, in order, lower-cased."""
    seen: dict[str, None] = {}
    for v in values:
        if v.strip():
            seen.setdefault(v.strip().lower(), None)
    return tuple(seen)
