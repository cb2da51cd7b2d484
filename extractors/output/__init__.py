"""Stage 5, output: document results and entities in, the contract files of OUT out.

JSON Lines and SQLite records (written atomically), the manifest and the per-document result cache."""
