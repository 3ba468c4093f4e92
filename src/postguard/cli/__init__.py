"""The ``postguard`` command: a thin edge over the checker and workflows."""

from __future__ import annotations

import typer

from postguard import __version__
from postguard.cli import audit, comments, db, notify, photos, policy, roster, users
from postguard.cli.check import check
from postguard.cli.demo import demo
from postguard.cli.enrol import enrol
from postguard.cli.eval import eval_command
from postguard.cli.links import links_command
from postguard.cli.redact import redact
from postguard.cli.serve import serve
from postguard.cli.sweep import sweep

USAGE_ERROR = 3

app = typer.Typer(
    name="postguard",
    help="PostGuard: puts a school trust's social media policy into practice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """PostGuard: puts a school trust's social media policy into practice."""


@app.command()
def version() -> None:
    """Print PostGuard's version."""
    typer.echo(__version__)


app.command("check")(check)
app.command("eval")(eval_command)
app.command("demo")(demo)
app.command("serve")(serve)
app.command("links")(links_command)
app.command("enrol")(enrol)
app.command("redact")(redact)
app.command("sweep")(sweep)
app.add_typer(policy.app, name="policy")
app.add_typer(roster.app, name="roster")
app.add_typer(comments.app, name="comments")
app.add_typer(db.app, name="db")
app.add_typer(audit.app, name="audit")
app.add_typer(users.app, name="users")
app.add_typer(notify.app, name="notify")
app.add_typer(photos.app, name="photos")


def main(argv: list[str] | None = None) -> None:
    """Run the command; usage errors exit 3, never 2, which ``check`` uses for "blocked"."""
    try:
        code = app(argv, standalone_mode=False)
    except typer.Abort:
        raise SystemExit(130) from None
    except typer.TyperException as exc:  # click's usage errors: bad option, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        raise SystemExit(USAGE_ERROR) from None
    raise SystemExit(code if isinstance(code, int) else 0)
