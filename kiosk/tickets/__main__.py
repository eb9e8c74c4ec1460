"""python -m kiosk.tickets [--host H] [--port P] [--db PATH]: the site's queue hub, exactly as
`kiosk hub` (settings from the usual file and the environment, e.g. KIOSK_SITE_TOKEN)."""

import sys

from kiosk.cli import main

sys.exit(main(["hub", *sys.argv[1:]]))
