"""leaksift extractors: a plain library that turns file bytes into records.

Data flows one way: file bytes -> Document -> Page(s) -> Mention(s) -> Entity(ies).
Nothing here imports Prefect or ``flows``; orchestration lives in ``flows/``.
"""

__version__ = "0.1.0"

# Bumped whenever a change to the extractors changes what they produce for the same input, so that
# incremental runs reprocess documents made by an older pipeline.
PIPELINE_VERSION = "19"
