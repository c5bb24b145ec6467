"""The command line: python -m gapkit SUBCOMMAND."""
