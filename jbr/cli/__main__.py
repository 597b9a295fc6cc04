"""``python -m jbr.cli``: the same as the ``jbr`` command."""

from . import main

main()
