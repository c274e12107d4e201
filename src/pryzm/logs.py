"""Structured logging for every service (structlog); one line per event."""

from __future__ import annotations

import logging
import sys

import structlog


def configure(service: str, fmt: str = "console",
              prefix: str = "") -> structlog.stdlib.BoundLogger:
    renderer = (structlog.processors.JSONRenderer() if fmt == "json"
                else structlog.dev.ConsoleRenderer(colors=False))
    if prefix:
        plain = renderer

        def renderer(logger, name, event):  # noqa: F811 - wraps the renderer above
            return prefix + plain(logger, name, event)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="%(name)s: %(message)s")
    return structlog.get_logger(service=service)


def get(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(component=name)
