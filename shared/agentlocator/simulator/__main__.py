from agentlocator.simulator.cli import main

raise SystemExit(main())
