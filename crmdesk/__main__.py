"""`python -m crmdesk`: the same as the `crmdesk` command."""

import sys

from crmdesk.app import main

sys.exit(main())
