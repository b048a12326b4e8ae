"""Frenemies: Microsoft, OpenAI, SoftBank and Oracle negotiate over compute,
capital and contract levers, 2025-2030."""

from .version import __version__

__all__ = ["__version__"]
