"""The ``jbr`` command line (SPEC §2): parses arguments, calls ``jbr.api``, prints.

Exit codes: 0 success, 1 rejected input (or a store that cannot be used, or a year
without data), 2 usage errors. Nothing here computes. One module per command group:
``root`` (the ``jbr`` command and its groups), ``deliveries`` (validate, load,
deliveries, doctor), ``indicators``, ``build``, ``examples`` (demo, template),
``serve``, ``publish``, and the groups ``token``, ``woo`` and ``store``; the commands
are registered in that order, which is the order of ``jbr --help``; the groups
``text`` and ``letter`` are in ``text``, ``review`` in ``review``. Shared by them: the
words in ``words``, layouts for narrow terminals in ``output``, shared options in
``common``. ``docs`` writes the README's generated parts (``python -m jbr.cli.docs``).
Every command takes ``--lang nl|en`` (or ``$JBR_LANG``); codes (ministries, themes,
formats, engines) are case-insensitive.
"""

from __future__ import annotations

import os
import sys

from ..deliveries.workbook import SettingError
from .common import tell
from .words import say

# The command modules register their commands in import order, the order of `jbr --help`.
# isort: off
from . import deliveries, indicators, build, examples, serve, publish  # noqa: F401

# isort: on
from .root import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: no traceback reaches the user unless JBR_DEBUG is set."""
    lang = (
        "en" if os.environ.get("JBR_LANG", "").lower() == "en" or "--lang=en" in sys.argv else "nl"
    )
    if "--lang" in sys.argv[:-1] and sys.argv[sys.argv.index("--lang") + 1].lower() == "en":
        lang = "en"
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        tell(say(lang, "interrupted"))
        sys.exit(130)
    except SettingError as e:  # a limit set in the environment that is no number: usage error
        tell(str(e), "red")
        sys.exit(2)
    except Exception as e:  # last resort: one line, not a traceback
        if os.environ.get("JBR_DEBUG"):
            raise
        first = str(e).splitlines()[0] if str(e) else ""
        tell(say(lang, "unexpected", error=f"{type(e).__name__}: {first}"), "red")
        tell(say(lang, "unexpected_hint"))
        sys.exit(1)
