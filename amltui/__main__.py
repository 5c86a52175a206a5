from amltui.cli import main

raise SystemExit(main())
