"""`python -m prescreen` runs the CLI."""

from prescreen.cli import app

app(prog_name="prescreen")
