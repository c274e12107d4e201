"""PRYZM: a self-hostable, collaborative, browser-based BIM editor."""

__version__ = "0.1.0"
