"""`python -m alp_tui` runs the command line."""

from alp_tui.cli import main

raise SystemExit(main())
