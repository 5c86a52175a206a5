"""The command line: arguments, the commands, and their text output (the entry is `amltui.cli.main:main`)."""
