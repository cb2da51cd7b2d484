"""Scoring an output folder against gold files (entity records and mention spans); used by ``leaksift eval``."""
