"""``postguard sweep UPN``: every checked photo where a pupil was matched or named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading


def sweep(
    upn: Annotated[str, typer.Argument(help="The pupil whose consent was withdrawn.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    data_dir: Annotated[
        Path | None, typer.Option(help="Data folder (default: POSTGUARD_DATA_DIR).")
    ] = None,
) -> None:
    """List every checked photo where the pupil's face was matched or their name appeared.

    Uses the record made by each ``check --image`` and, while the pupil is still
    enrolled, their embeddings against the faces kept from those checks. Staff
    take the listed posts down. Exit code 0 (none found), 1 (photos found), 3 error.
    """
    from postguard.faces.gallery import NpzGallery, Person, PersonKind, gallery_path
    from postguard.faces.setup import faces_dir
    from postguard.faces.sweep import SweepIndex

    try:
        folder = data_dir or loading.settings().data_dir
    except loading.CommandError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    index = SweepIndex(faces_dir(folder))
    gallery = NpzGallery(gallery_path(folder))
    references = gallery.embeddings(Person(PersonKind.PUPIL, upn))
    hits = index.find(upn, references)
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "ref": h.record.ref,
                        "image": h.record.image_index,
                        "sha256": h.record.sha256,
                        "checked_on": h.record.checked_on,
                        "reasons": list(h.reasons),
                    }
                    for h in hits
                ]
            )
        )
    else:
        for h in hits:
            r = h.record
            typer.echo(
                f"{r.ref}  photo {r.image_index + 1}  "
                f"({', '.join(h.reasons)}; checked {r.checked_on})"
            )
        typer.echo(f"{len(hits)} checked photo(s) show or name {upn}")
    raise typer.Exit(1 if hits else 0)
