"""python -m swtrack."""

from swtrack.cli import main

main()
