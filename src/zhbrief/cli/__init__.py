"""The zhbrief command line: typer sub-apps, one module per command group.

Commands parse options, call the library and print. main() is the one place where our
exceptions become exit codes; a user error never shows a traceback.
"""

from __future__ import annotations

import sys
import warnings

import typer

from ..errors import EXIT_ERROR, ZhbriefError
from . import build as _build
from . import model as _model
from . import normalize as _normalize
from . import summarize as _summarize
from . import glossary as _glossary

app = typer.Typer(
    name="zhbrief",
    help="Comparative side-by-side Chinese/English briefings from Chinese news, translated offline.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # article text must never land in a traceback
    add_completion=False,
)
app.command("build")(_build.build)
app.add_typer(_model.app, name="model")
app.command("normalize")(_normalize.normalize)
app.command("summarize")(_summarize.summarize)
app.add_typer(_glossary.app, name="glossary")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code. Usage errors are click's (exit 2, usage shown);
    our own errors become one line on stderr and their exit code, never a traceback."""
    # jieba 0.42 imports pkg_resources, whose deprecation warning would reach every user's terminal.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    try:
        app(args=argv, standalone_mode=True)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_ERROR)
    except ZhbriefError as e:
        _err(f"error: {e}")
        return e.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    return 0


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run() -> None:
    sys.exit(main())
