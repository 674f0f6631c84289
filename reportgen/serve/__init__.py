"""`reportgen serve` and `reportgen watch`: preview while you write.

`serve` runs a local web app (`app.py`) that shows, per audience, the deck as slide previews
drawn from the planner's own slide specifications (`reportgen/preview.py`), the brief as HTML,
the handout, and the `audiences` and `diff` views; `watch` only rebuilds the files. Both keep
one warm process that rebuilds on every save (`session.py`). Needs the `serve` extra
(starlette, uvicorn, jinja2, watchfiles): `pip install 'reportgen[serve]'`.
"""

from __future__ import annotations

import ipaddress
import socket

from ..errors import InputError

#: what the extra installs, by import name and package name
REQUIRES = {"starlette": "starlette", "uvicorn": "uvicorn", "jinja2": "jinja2", "watchfiles": "watchfiles"}


def require(*modules: str) -> None:
    """A clear error naming what to install when a module of the `serve` extra is missing."""
    import importlib.util

    missing = [REQUIRES.get(m, m) for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise InputError(f"the preview needs {', '.join(missing)}: pip install 'reportgen[serve]'")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address) means this machine only."""
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(name, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def check_host(host: str, explicit: bool) -> None:
    """Refuse a non-loopback address that was not asked for by name (`--host`)."""
    if not is_loopback(host) and not explicit:
        raise InputError(f"refusing to serve on {host}: other machines could read the outline's "
                         f"outputs. Give --host {host} to mean it, or leave it out to serve on "
                         "127.0.0.1 (this machine only)")
