"""The embedded editor server: the built SPA plus the routes nginx has in the self-host stack."""
