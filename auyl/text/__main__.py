"""``python -m auyl.text evaluate ...`` until the main ``auyl`` command registers the ``ai`` group."""

import sys

from auyl.text.cli import main

sys.exit(main())
