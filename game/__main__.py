"""``python -m game`` runs the ``frenemies`` command."""

from game.cli import entry

if __name__ == "__main__":  # worker processes that import this module must not re-run the command
    entry()
