"""``python -m flows.cli``: the ``leaksift`` command (the tests and benchmarks start it this way)."""

import sys

from flows.cli import main

sys.exit(main())
