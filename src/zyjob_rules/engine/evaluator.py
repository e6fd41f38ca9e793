"""Moved to ``engine.scalar.evaluator``; this path stays while other branches move over."""

from .scalar.evaluator import *  # noqa: F403
