from amltui.cli.main import main

raise SystemExit(main())
