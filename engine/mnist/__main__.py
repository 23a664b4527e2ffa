from engine.mnist.cli import main

raise SystemExit(main())
