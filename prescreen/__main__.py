"""`python -m prescreen` runs the CLI."""

from prescreen.cli import main

main()
