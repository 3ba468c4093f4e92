"""``postguard enrol UPN PHOTO...`` / ``postguard enrol --staff STAFF_ID PHOTO...``.

Enrolments are stored in the database (``POSTGUARD_DATABASE_URL``) through
:mod:`postguard.workflows.enrolment`: the consent is checked on the database's
register before any photo is decoded, and each enrolment is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.cli.photos import TrustOption, trust_session


def enrol(
    person: Annotated[str, typer.Argument(help="The pupil's UPN (or, with --staff, a staff id).")],
    photos: Annotated[
        list[Path], typer.Argument(help="Reference photos, each showing exactly one face.")
    ],
    staff: Annotated[
        bool, typer.Option("--staff", help="Enrol a member of staff (by staff id), not a pupil.")
    ] = False,
    consent_confirmed: Annotated[
        bool,
        typer.Option(
            "--consent-confirmed",
            help="(staff only) The member of staff gave written consent to enrolment.",
        ),
    ] = False,
    trust: TrustOption = None,
) -> None:
    """Enrol reference photos as face embeddings in the database (the photos are not kept).

    A pupil is enrolled only with a current Biometric consent on the trust's register
    in the database (import the roster with `postguard db import-roster`); a member of
    staff only with --consent-confirmed. Exit code 0, or 3 when enrolment is refused or
    the input is bad (2: database not migrated, 4: database unreachable).
    """
    from postguard.cli.db import cli_actor
    from postguard.faces.engine import FaceEngine
    from postguard.faces.enrolment import EnrolmentError, _embeddings
    from postguard.workflows.enrolment import check_pupil_consent, enrol_pupil, enrol_staff

    err = Console(stderr=True)
    try:
        if consent_confirmed and not staff:
            raise loading.CommandError(
                "--consent-confirmed is for staff: a pupil's consent comes from the register"
            )
        settings = loading.settings()
        data = []
        for path in photos:
            try:
                data.append(path.read_bytes())
            except OSError as exc:
                raise loading.CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        with trust_session(settings, trust) as (session, trust_id):
            if staff:
                if not consent_confirmed:  # refused before any photo is decoded
                    enrol_staff(
                        session,
                        trust_id=trust_id,
                        staff_id=person,
                        embeddings=(),
                        actor=cli_actor(),
                        consent_confirmed=False,
                    )
                done = enrol_staff(
                    session,
                    trust_id=trust_id,
                    staff_id=person,
                    embeddings=_embeddings(FaceEngine(), data),
                    actor=cli_actor(),
                    consent_confirmed=True,
                )
            else:
                check_pupil_consent(session, trust_id=trust_id, upn=person)
                done = enrol_pupil(
                    session,
                    trust_id=trust_id,
                    upn=person,
                    embeddings=_embeddings(FaceEngine(), data),
                    actor=cli_actor(),
                )
    except (loading.CommandError, EnrolmentError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    typer.echo(
        f"enrolled {done.person.kind.value} {done.person.id}: {done.added} embedding(s) "
        f"added, {done.embeddings} stored, photos not kept"
    )
