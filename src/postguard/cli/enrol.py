"""``postguard enrol UPN PHOTO...`` / ``postguard enrol --staff STAFF_ID PHOTO...``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.cli.options import RosterDir, Today, parse_day


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
    roster: RosterDir = None,
    today: Today = None,
) -> None:
    """Enrol reference photos as face embeddings (the photos themselves are not kept).

    A pupil is enrolled only with a current Biometric consent on the register;
    a member of staff only with --consent-confirmed. Exit code 0, or 3 when
    enrolment is refused or the input is bad.
    """
    from postguard.faces.engine import FaceEngine
    from postguard.faces.enrolment import EnrolmentError, enrol_pupil, enrol_staff
    from postguard.faces.setup import open_gallery

    err = Console(stderr=True)
    try:
        loaded = loading.load(None, roster, parse_day(today))
        data = []
        for path in photos:
            try:
                data.append(path.read_bytes())
            except OSError as exc:
                raise loading.CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        gallery = open_gallery(loaded.settings.data_dir, loaded.roster)
        engine = FaceEngine()
        if staff:
            done = enrol_staff(
                gallery, engine, loaded.roster, person, data, consent_confirmed=consent_confirmed
            )
        else:
            if consent_confirmed:
                raise loading.CommandError(
                    "--consent-confirmed is for staff: a pupil's consent comes from the register"
                )
            done = enrol_pupil(gallery, engine, loaded.roster, person, data)
    except (loading.CommandError, EnrolmentError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    typer.echo(
        f"enrolled {done.person.kind.value} {done.person.id}: "
        f"{done.embeddings} embedding(s) stored, photos not kept"
    )
