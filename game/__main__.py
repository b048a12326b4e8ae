"""``python -m game`` runs the ``frenemies`` command."""

from game.cli import entry

entry()
