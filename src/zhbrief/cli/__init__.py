"""The zhbrief command line: typer sub-apps, one module per command group.

Commands parse options, call the library and print. main() is the one place where our
exceptions become exit codes; a user error never shows a traceback.
"""

from __future__ import annotations

import sys

import typer

from ..errors import EXIT_ERROR, ZhbriefError
from . import build as _build
from . import model as _model
from . import cache as _cache
from . import translate as _translate

app = typer.Typer(
    name="zhbrief",
    help="Comparative side-by-side Chinese/English briefings from Chinese news, translated offline.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # article text must never land in a traceback
    add_completion=False,
)
app.command("build")(_build.build)
app.add_typer(_model.app, name="model")
app.command("translate")(_translate.translate)
app.add_typer(_cache.app, name="cache")


def main(argv: list[str] | None = None) -> int:
    try:
        # With standalone_mode=False click returns typer.Exit's code instead of exiting.
        rv = app(args=argv, standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except ZhbriefError as e:
        _err(f"error: {e}")
        return e.exit_code
    except SystemExit as e:  # typer.Exit inside a command
        return int(e.code or 0)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as e:  # click usage errors
        import click

        if isinstance(e, click.exceptions.Exit):
            return e.exit_code
        if isinstance(e, click.ClickException):
            e.show()
            return e.exit_code
        if isinstance(e, click.exceptions.Abort):
            _err("aborted")
            return EXIT_ERROR
        raise


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run() -> None:
    sys.exit(main())
