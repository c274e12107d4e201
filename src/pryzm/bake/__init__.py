"""bake-worker: runs jobs from the PostgreSQL queue (bakes now; imports and exports later)."""
