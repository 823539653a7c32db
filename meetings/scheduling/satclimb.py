"""Entry point of the SAT climb's child interpreter: ``python -m meetings.scheduling.satclimb`` reads its job
(pickled) on stdin and prints its findings as JSON lines; see ``satbreaks.climb_shared``."""

import pickle
import sys

from meetings.scheduling.satbreaks import climb_child

if __name__ == "__main__":
    climb_child(*pickle.loads(sys.stdin.buffer.read()))
