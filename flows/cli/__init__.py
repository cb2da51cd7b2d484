"""The ``leaksift`` command line as a package: ``main`` (the console script) and ``build_parser``.

``app`` assembles the parser and dispatches; ``options`` holds what the commands share; ``summary``
prints a run summary; each command has its own module (``run``, ``ingest``, ``entities``, ``serve``,
``eval``, ``deploy``, ``config``; ``flow_run`` is the shared body of ``run`` and ``ingest``).
"""

from flows.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
