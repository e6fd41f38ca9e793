"""Moved to ``engine.scalar.codegen``; this path stays while other branches move over."""

from .scalar.codegen import *  # noqa: F403
