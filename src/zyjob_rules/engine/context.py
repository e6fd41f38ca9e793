"""Moved to ``engine.scalar.context``; this path stays while other branches move over."""

from .scalar.context import *  # noqa: F403
