"""`marsad serve`: the archive in a browser and as a REST API (see docs/api.md)."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path

from .. import config
from ..errors import InputError
from ..store import Store

LOOPBACK_NAMES = ("localhost",)


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the archive: web pages (Arabic first) and a REST API")
    p.add_argument("--db", default=config.default_db(),
                   help="archive file (default: $MARSAD_DB or ./marsad.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="token that turns on the writing endpoint POST /api/articles (default: $MARSAD_TOKEN; "
                        "prefer the variable: a command line is visible to other users)")
    p.add_argument("--public", action="store_true",
                   help="allow listening on a non-loopback address (reading is then open to the network)")
    p.add_argument("--max-request-bytes", type=int, default=None, help="largest request body (default 2 MiB)")
    p.set_defaults(handler=run_serve)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ..web import create_app
    from ..web.app import DEFAULT_MAX_REQUEST_BYTES

    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535, got {args.port}", source="--port")
    if not is_loopback(args.host) and not args.public:
        raise InputError(f"{args.host} is not a loopback address: reading would be open to the network; "
                         "add --public if that is what you want", source="--host")
    Store.open(Path(args.db), readonly=True).close()  # a clear error now rather than 503s later
    token = args.token or config.env("MARSAD_TOKEN") or None
    app = create_app(args.db, token=token, max_request_bytes=args.max_request_bytes or DEFAULT_MAX_REQUEST_BYTES,
                     warm_analysis=True)  # /analyze's process loads its models now, not at the first text
    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    print(f"marsad: serving {args.db} at {where}  (API: {where}api, OpenAPI: {where}api/openapi.json;"
          f" writing {'on' if token else 'off'})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                proxy_headers=False, access_log=False)
    return 0
