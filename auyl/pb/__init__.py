"""Participatory-budget vote counting engine (pure Python, no Django).

Reads and writes the Pabulib ``.pb`` format and counts votes with greedy rules and the Method of
Equal Shares (MES) with the completions used in real elections. Exact arithmetic decides every
outcome; floats only speed up the search. See docs/pb-engine.md.
"""

from auyl.pb.model import Instance, Outcome, Project
from auyl.pb.pabulib import PabulibError, read, reads, write, writes
from auyl.pb.tally import Options, tally

__all__ = ["Instance", "Options", "Outcome", "PabulibError", "Project", "read", "reads", "tally", "write", "writes"]
