"""One base error; subclasses carry the exit code and a message a user can act on."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # some inputs failed, the rest were written
EXIT_MODEL = 4
EXIT_GLOSSARY = 5


class ZhbriefError(Exception):
    """Base of every error a user can act on; never shown with a traceback."""

    exit_code = EXIT_ERROR


class InputError(ZhbriefError):
    """One input file cannot be used (empty, binary, undecodable, too large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class GlossaryError(ZhbriefError):
    exit_code = EXIT_GLOSSARY


class ModelError(ZhbriefError):
    """No usable translation model, or a package that is not a zh->en argos package."""

    exit_code = EXIT_MODEL


class ModelMissingError(ModelError):
    def __init__(self, searched: list[str]) -> None:
        where = ", ".join(searched) if searched else "(nowhere)"
        super().__init__(
            "no zh->en translation model installed (searched: " + where + "). "
            "Install one with `zhbrief model fetch` (downloads and verifies argos translate-zh_en 1.9) "
            "or `zhbrief model install FILE.argosmodel`."
        )
        self.searched = searched
