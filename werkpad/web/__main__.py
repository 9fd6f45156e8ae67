"""`python -m werkpad.web --port N`: werkpad web under uvicorn, with the settings of this process."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m werkpad.web", description="werkpad web starten")
    parser.add_argument("--port", type=int, default=None, help="poort (standaard: WERKPAD_WEB__POORT)")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    from werkpad.commando import settings

    s = settings()
    if (fout := s.web_geheim_fout()) is not None:  # outside ontwikkeling the secret must be set
        print(f"Fout: {fout}", file=sys.stderr)
        return 1
    import uvicorn

    from werkpad.web.app import maak_app

    uvicorn.run(maak_app(s), host=args.host, port=args.port or s.web.poort, log_level="warning",
                proxy_headers=False, server_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
