"""``postguard sweep UPN``: every checked photo where a pupil's face was seen.

Reads the sweep index in the database (``face_sightings``): the faces recorded,
by the web app, the API and ``check --image``, as resembling an enrolled pupil,
plus kept faces that resemble the pupil's current reference embeddings.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from postguard.cli import loading
from postguard.cli.photos import TrustOption, trust_session


def sweep(
    upn: Annotated[str, typer.Argument(help="The pupil whose consent was withdrawn.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    trust: TrustOption = None,
) -> None:
    """List every checked photo where the pupil's face was matched or resembled.

    Staff take the listed posts down. A withdrawal of Biometric consent deletes the
    pupil's embeddings but keeps where they were seen, so the sweep still finds the
    posts. Exit code 0 (none found), 1 (photos found), 3 error.
    """
    from postguard.faces.db_gallery import DbGallery
    from postguard.faces.db_sweep import DbSweepIndex
    from postguard.faces.gallery import Person, PersonKind

    try:
        settings = loading.settings()
        with trust_session(settings, trust) as (session, trust_id):
            person = Person(PersonKind.PUPIL, upn)
            references = DbGallery(session, trust_id).embeddings(person)
            hits = DbSweepIndex(session, trust_id).find(person, references)
    except loading.CommandError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(loading.EXIT_ERROR) from None
    rows = [
        {
            "sighting": h.id,
            "post_check": h.post_check_id,
            "ref": h.ref,
            "image": h.image_index,
            "box": list(h.box),
            "score": round(h.score, 4),
            "reason": h.reason,
        }
        for h in hits
    ]
    if as_json:
        typer.echo(json.dumps(rows))
    else:
        for r in rows:
            where = f"post check {r['post_check']}" if r["post_check"] else r["ref"]
            typer.echo(f"{where}  photo {int(str(r['image'])) + 1}  ({r['reason']})")
        typer.echo(f"{len(rows)} checked photo(s) show {upn}")
    raise typer.Exit(1 if rows else 0)
