"""``python -m auyl.pb tally FILE.pb`` until the main ``auyl`` command wires ``pb`` in."""

import sys

from auyl.pb.cli import main

sys.exit(main(["pb", *sys.argv[1:]]))
