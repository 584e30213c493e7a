"""Seeding: files in, articles written. Worker processes read, parse and extract; one process writes batches.

`seed` (the public `newsdb.seed`) runs it all; `workers` holds the process pool, `report` what a run did,
`prune` the deletion of articles whose files are gone.
"""
