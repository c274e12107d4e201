"""Persistence: PostgreSQL (event log, projects, jobs, artefacts) and the object store."""
