"""``python -m bot.ops.probe [PATH]``: exit 0 when the local ops server answers 200.

The container's HEALTHCHECK: the slim image has no curl, and Python is already there.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Sequence

from bot.ops.endpoints import HEALTH_PATH, ops_port
from bot.settings import load_settings

TIMEOUT_SECONDS = 3.0


def probe(url: str, timeout: float = TIMEOUT_SECONDS) -> bool:
    """True when ``url`` answers 200 within ``timeout``."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = args[0] if args else HEALTH_PATH
    url = f"http://127.0.0.1:{ops_port(load_settings())}{path}"
    if probe(url):
        return 0
    print(f"rolebot: {url} is not healthy", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
