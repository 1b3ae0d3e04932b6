"""`python -m staff.bench`: run the benchmark and record its results."""

import sys

from staff.bench.run import main

if __name__ == "__main__":
    sys.exit(main())
