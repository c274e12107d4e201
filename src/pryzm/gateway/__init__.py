"""api-gateway: REST /v1 (OpenAPI), the authenticated WebSocket /ws/<projectId>, artefacts."""
