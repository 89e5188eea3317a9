"""`python -m crmdesk`: the same as the `crmdesk` command."""

import multiprocessing
import sys

from crmdesk.app import main

if __name__ == "__main__":
    # the frozen app is also the program its import worker process runs (see services/importing/parallel.py)
    multiprocessing.freeze_support()
    sys.exit(main())
