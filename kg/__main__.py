"""``python -m kg`` runs the ``kg`` command."""

import sys

from .cli import main

__all__: list[str] = []

sys.exit(main())
