"""sync-server: linearises each project's commands into the event log and fans them out."""
