from engine.runs.cli import main

raise SystemExit(main())
