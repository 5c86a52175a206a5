from amltui.cli import amltui_command

raise SystemExit(amltui_command())
