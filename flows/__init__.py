"""leaksift flows: Prefect tasks and flows around ``extractors``, and the ``leaksift`` CLI.

Importing this package does not import Prefect; ``flows.runtime.configure_prefect`` must run first
so that Prefect reads quiet, robust defaults from the environment.
"""
