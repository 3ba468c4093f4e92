"""Photo helpers shared by ``check --image``, ``redact``, ``enrol`` and ``sweep``, and
``postguard photos import-gallery`` (moving a file gallery into the database).

Enrolments and the sweep index live in the database (``POSTGUARD_DATABASE_URL``):
the commands open it, find the trust (``--trust NAME``, or the only trust in the
database) and go through :mod:`postguard.workflows.enrolment` (consent checked,
audited). ``check --image`` and ``redact`` match faces against that trust's
enrolments; when the database is not set up (not migrated, unreachable, or several
trusts and none named) they say so and match against no one: every face is then
``unknown`` (review), never cleared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy.orm import Session

from postguard.checker import Checker
from postguard.cli import loading
from postguard.content import Content, Image
from postguard.detectors.base import DetectionContext
from postguard.findings import Verdict
from postguard.runtime import Runtime
from postguard.settings import Settings

STATUS_STYLE = {"consented": "green", "staff": "green", "refused": "red", "unknown": "yellow"}

TrustOption = Annotated[
    str | None,
    typer.Option(help="The trust's name in the database (default: the only trust there)."),
]


def read_images(paths: Sequence[Path]) -> tuple[Image, ...]:
    images = []
    for index, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise loading.CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        images.append(Image(index=index, data=data, filename=path.name))
    return tuple(images)


@contextmanager
def trust_session(settings: Settings, trust: str | None) -> Iterator[tuple[Session, int]]:
    """One committed transaction on the configured database, and the trust's id.

    A database that is not migrated or not reachable exits with ``postguard db``'s
    codes (2, 4) and message; an unknown trust is a :class:`loading.CommandError`.
    """
    from postguard.cli.db import open_database, transaction
    from postguard.faces.live import find_trust

    with open_database(settings) as engine, transaction(engine) as session:
        trust_id = find_trust(session, trust)
        if trust_id is None:
            raise loading.CommandError(
                f"no trust called {trust!r} in the database"
                if trust
                else "name the trust with --trust (the database has none, or several): "
                "import its roster first with `postguard db import-roster`"
            )
        yield session, trust_id


def _database_gallery(settings: Settings, trust: str | None) -> tuple[Any, int | None, str]:
    """The trust's enrolments (a selected LiveGallery), its id, and a problem if any."""
    from sqlalchemy.exc import SQLAlchemyError

    from postguard.faces.live import LiveGallery, find_trust
    from postguard.store import current_revision, head_revision, make_engine
    from postguard.store.engine import make_session_factory

    gallery = LiveGallery()
    try:
        engine = make_engine(settings.database_url)
    except (SQLAlchemyError, ValueError) as exc:
        return gallery, None, f"the database cannot be opened ({exc})"
    try:
        if current_revision(engine) != head_revision():
            return gallery, None, "the database is not set up (run `postguard db upgrade`)"
        with make_session_factory(engine)() as session:
            trust_id = find_trust(session, trust)
            if trust_id is None:
                return gallery, None, "no trust to match faces against (give --trust)"
            gallery.select(session, trust_id)
            return gallery, trust_id, ""
    except SQLAlchemyError as exc:
        return gallery, None, f"the database cannot be read ({type(exc).__name__})"
    finally:
        engine.dispose()


def photo_context(
    loaded: Runtime, *, trust: str | None = None, ocr: bool = True
) -> tuple[DetectionContext, int | None]:
    """The runtime's context with a photo analyser matching the trust's enrolments."""
    from postguard.faces.setup import photo_analyser

    gallery, trust_id, problem = _database_gallery(loaded.settings, trust)
    if problem:
        Console(stderr=True).print(
            f"[yellow]note:[/yellow] {problem}: faces are matched against no enrolment "
            "(every face is reviewed as unknown)"
        )
    context = dataclasses.replace(loaded.context, photos=photo_analyser(gallery, ocr=ocr))
    return context, trust_id


def photo_checker(loaded: Runtime) -> tuple[Checker, DetectionContext]:
    """The runtime's checker with the photo analyser (the database's enrolments) added."""
    context, _ = photo_context(loaded)
    return Checker(loaded.policy, context), context


def after_check(
    loaded: Runtime,
    content: Content,
    verdict: Verdict,
    context: DetectionContext,
    paths: Sequence[Path],
) -> list[dict[str, Any]]:
    """Keep the faces that resembled enrolled people as sightings; return the face list."""
    from postguard.cli.db import cli_actor
    from postguard.faces.setup import face_list, seen_faces
    from postguard.workflows.enrolment import record_sightings

    faces = face_list(content, context)
    sightings = [
        (str(path.resolve()), seen)
        for image, path in zip(content.images, paths, strict=True)
        if (seen := seen_faces(dataclasses.replace(content, images=(image,)), context))
    ]
    if sightings:
        with trust_session(loaded.settings, None) as (session, trust_id):
            for ref, seen in sightings:
                record_sightings(session, trust_id=trust_id, faces=seen, actor=cli_actor(), ref=ref)
    return faces


def print_faces(console: Console, faces: list[dict[str, Any]]) -> None:
    for face in faces:
        x, y, w, h = face["box"]
        line = Text(f" face in photo {face['image'] + 1} at {x},{y} {w}x{h}: ")
        line.append(str(face["status"]), style=STATUS_STYLE.get(str(face["status"]), ""))
        if face.get("upn"):
            line.append(f" {face['upn']}")
        line.append(f" ({face['reason']}; score {face['score']:.2f})", style="dim")
        console.print(line)


app = typer.Typer(
    name="photos",
    help="Photo enrolments: move a file gallery into the database.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def photos() -> None:
    """Photo enrolments: move a file gallery into the database."""


@app.command("import-gallery")
def import_gallery(
    path: Annotated[
        Path | None,
        typer.Argument(help="The gallery file (default: POSTGUARD_DATA_DIR/faces/gallery.npz)."),
    ] = None,
    trust: TrustOption = None,
    staff_consent_confirmed: Annotated[
        bool,
        typer.Option(
            "--staff-consent-confirmed",
            help="Every member of staff in the file gave written consent: import them too.",
        ),
    ] = False,
    delete: Annotated[
        bool, typer.Option("--delete", help="Delete the file once everything is imported.")
    ] = False,
) -> None:
    """Move the enrolments of a file gallery (``gallery.npz``) into the database.

    Each pupil is enrolled only with a current Biometric consent in the database's
    register; the others are listed and NOT imported (their embeddings stay only in
    the file: delete it). Staff are imported with --staff-consent-confirmed. Exit
    code 0 when everything was imported, 1 when some people were not, 3 on bad input.
    """
    from postguard.cli.db import cli_actor
    from postguard.faces.enrolment import EnrolmentError
    from postguard.faces.gallery import NpzGallery, PersonKind, gallery_path
    from postguard.workflows.enrolment import enrol_pupil, enrol_staff

    err = Console(stderr=True)
    try:
        settings = loading.settings()
        source = path or gallery_path(settings.data_dir)
        if not source.is_file():
            raise loading.CommandError(f"gallery file not found: {source}")
        try:
            gallery = NpzGallery(source)
        except (OSError, ValueError, KeyError) as exc:
            raise loading.CommandError(f"{source} is not a gallery file: {exc}") from None
        imported, skipped = 0, []
        with trust_session(settings, trust) as (session, trust_id):
            for person in sorted(gallery.people()):
                vectors = gallery.embeddings(person)
                try:  # refused before anything is written (consent is checked first)
                    if person.kind is PersonKind.PUPIL:
                        enrol_pupil(
                            session,
                            trust_id=trust_id,
                            upn=person.id,
                            embeddings=vectors,
                            actor=cli_actor(),
                        )
                    else:
                        enrol_staff(
                            session,
                            trust_id=trust_id,
                            staff_id=person.id,
                            embeddings=vectors,
                            actor=cli_actor(),
                            consent_confirmed=staff_consent_confirmed,
                        )
                    imported += 1
                except EnrolmentError as exc:
                    skipped.append(f"{person.kind.value} {person.id}: {exc}")
    except loading.CommandError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    for line in skipped:
        typer.echo(f"not imported: {line}")
    typer.echo(f"imported {imported} of {imported + len(skipped)} people from {source}")
    if skipped:
        typer.echo("the others' embeddings are only in the file: delete it when done")
        raise typer.Exit(1)
    if delete:
        source.unlink()
        typer.echo(f"deleted {source}")
