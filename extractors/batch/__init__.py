"""Stage 6, batches: corpus discovery, the whole pipeline without Prefect, and reading in isolated
worker processes. ``flows/`` wraps these in Prefect tasks."""
