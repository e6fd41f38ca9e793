"""Moved to ``engine.scalar.runtime``; this path stays while other branches move over."""

from .scalar.runtime import *  # noqa: F403
