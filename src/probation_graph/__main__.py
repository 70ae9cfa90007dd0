"""``python -m probation_graph``: the command line."""

from .cli import main

main()
