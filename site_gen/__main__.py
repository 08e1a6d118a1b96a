"""`python -m site_gen` is the same program as `site-gen`."""

from site_gen.cli import main

raise SystemExit(main())
