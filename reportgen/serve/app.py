"""The preview web app (starlette): pages, the brief, slide previews, files, live updates.

What a URL can reach is closed: the app's own pages and its two static files (held in memory),
the theme's font files and the outputs of the session's outline, each looked up by an exact
name in a table the session built; no part of a URL is ever joined to a path on disk. Every
page is rendered by jinja2 with autoescaping, and the slide SVGs are built from escaped text
(`reportgen/preview.py`); the brief is shown in a sandboxed frame that may run no script. A
server bound to a loopback address answers only requests addressed to a loopback name, so a
web page elsewhere cannot reach it by rebinding its own host name to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import subprocess
import tempfile
import threading
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FunctionLoader
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .session import Session, State

#: the views of one audience, in the order of the tabs
TABS = ("deck", "brief", "handout", "audiences", "diff")
TAB_NAMES = {"deck": "Deck", "brief": "Brief", "handout": "Handout", "audiences": "Audiences",
             "diff": "Diff"}
#: the preview's own script and style, read once from the package
STATIC_TYPES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; frame-src 'self'; object-src 'self'; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
#: the brief: its own inline style and inline pictures and fonts, nothing else, no script
BRIEF_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
             "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups")


def _package_text(name: str) -> str:
    return (resources.files("reportgen.serve") / name).read_text(encoding="utf-8")


def _digest(value: Any) -> str:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()[:12]


def _headers(csp: str = PAGE_CSP) -> dict[str, str]:
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


class Broadcaster:
    """Tells every open page (its event stream) that the state changed; callable from any thread."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[int]] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closing = False

    def notify(self, state: State) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        for q in list(self.queues):
            loop.call_soon_threadsafe(q.put_nowait, state.version)


class Handout:
    """The handout's pages as PNG pictures (pdftoppm), made once per file version."""

    def __init__(self) -> None:
        self.pages: dict[str, list[bytes]] = {}
        self.lock = threading.Lock()
        self.tool = shutil.which("pdftoppm")

    def render(self, key: str, path: Path) -> list[bytes]:
        with self.lock:
            if key in self.pages:
                return self.pages[key]
            out: list[bytes] = []
            if self.tool:
                with tempfile.TemporaryDirectory(prefix="reportgen-serve-") as tmp:
                    try:
                        subprocess.run([self.tool, "-png", "-r", "75", str(path), f"{tmp}/p"],
                                       check=True, capture_output=True, timeout=60)
                    except (OSError, subprocess.SubprocessError):
                        return []
                    out = [p.read_bytes() for p in sorted(Path(tmp).glob("p-*.png"),
                                                          key=lambda p: int(p.stem.split("-")[-1]))]
            self.pages = {key: out}  # -- only the newest version is kept --
            return out


def create_app(session: Session, loopback: bool = True) -> Starlette:
    """The app serving `session`'s previews and files."""
    static = {name: _package_text(f"static/{name}") for name in STATIC_TYPES}
    templates = {"page.html": _package_text("templates/page.html")}
    env = Environment(loader=FunctionLoader(lambda n: templates.get(n)), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["hash"] = _digest
    page = env.get_template("page.html")
    hub = Broadcaster()
    session.listen(hub.notify)
    handout = Handout()

    def context(state: State, audience: str, tab: str, other: str | None) -> dict[str, Any]:
        views = state.audiences
        view = views.get(audience)
        files = [f for f in state.files.values() if f.audience == audience]
        pdf = next((f for f in files if f.fmt == "pdf"), None)
        diff: dict[str, Any] = {}
        if tab == "diff" and view is not None:
            others = [n for n in views if n != audience]
            other = other if other in views and other != audience else (others[0] if others else None)
            if other is not None:
                a, b = view.items, views[other].items
                diff = {"other": other, "others": others,
                        "only_a": [(k.split(": ")[0], a[k]) for k in a if k not in b],
                        "only_b": [(k.split(": ")[0], b[k]) for k in b if k not in a]}
        return {
            "state": state, "audience": audience, "view": view, "views": views, "tab": tab,
            "tabs": [(t, TAB_NAMES[t]) for t in TABS], "files": files, "pdf": pdf,
            "slides": [(s, Markup(s.svg)) for s in (view.slides if view else ())],
            "diff": diff, "outline": session.outline.name,
            "handout_pages": (len(handout.pages.get(pdf.sha, [])) if pdf else 0),
            "pdftoppm": bool(handout.tool),
        }

    def first_audience(state: State) -> str:
        return next(iter(state.audiences), "default")

    async def index(request: Request) -> Response:
        return RedirectResponse(f"/a/{first_audience(session.state)}", status_code=303)

    def _tab(request: Request) -> str:
        tab = request.query_params.get("tab", "deck")
        return tab if tab in TABS else "deck"

    async def audience_page(request: Request) -> Response:
        state = session.state
        name = request.path_params["audience"]
        if state.audiences and name not in state.audiences:
            return HTMLResponse(page.render(context(state, name, "deck", None), missing=True),
                                status_code=404, headers=_headers())
        tab = _tab(request)
        if tab == "handout":
            await _pages(state, name)
        ctx = context(state, name, tab, request.query_params.get("with"))
        fragment = request.query_params.get("fragment") == "1"
        headers = _headers()
        headers["X-Reportgen-Version"] = str(state.version)
        return HTMLResponse(page.render(ctx, fragment=fragment), headers=headers)

    async def _pages(state: State, name: str) -> None:
        pdf = next((f for f in state.files.values() if f.audience == name and f.fmt == "pdf"), None)
        if pdf is not None and handout.tool:
            await asyncio.to_thread(handout.render, pdf.sha, pdf.path)

    async def brief(request: Request) -> Response:
        view = session.state.audiences.get(request.path_params["audience"])
        if view is None:
            return Response("no such audience", 404, media_type="text/plain", headers=_headers(BRIEF_CSP))
        if view.brief_html is None:
            body = page.render({"placeholder": True, "view": view}, brief_placeholder=True)
            return HTMLResponse(body, headers=_headers(BRIEF_CSP))
        return Response(view.brief_html, media_type="text/html; charset=utf-8",
                        headers=_headers(BRIEF_CSP))

    async def handout_page(request: Request) -> Response:
        state = session.state
        name = request.path_params["audience"]
        pdf = next((f for f in state.files.values() if f.audience == name and f.fmt == "pdf"), None)
        if pdf is None:
            return Response("no handout", 404, media_type="text/plain", headers=_headers())
        pages = await asyncio.to_thread(handout.render, pdf.sha, pdf.path)
        n = request.path_params["page"]
        if not 1 <= n <= len(pages):
            return Response("no such page", 404, media_type="text/plain", headers=_headers())
        return Response(pages[n - 1], media_type="image/png", headers=_headers())

    async def file(request: Request) -> Response:
        # -- by exact name among the outline's outputs: nothing from the URL reaches a path --
        f = session.state.files.get(request.path_params["name"])
        if f is None:
            return Response("not found", 404, media_type="text/plain", headers=_headers())
        try:
            data = await asyncio.to_thread(f.path.read_bytes)
        except OSError:
            return Response("not found", 404, media_type="text/plain", headers=_headers())
        from ..formats import FORMATS

        types = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 "html": "text/html; charset=utf-8"}
        headers = _headers("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "font-src data:; sandbox" if f.fmt == "html" else PAGE_CSP)
        inline = f.fmt in ("pdf", "html") and f.fmt in FORMATS
        headers["Content-Disposition"] = ("inline" if inline else "attachment") + f'; filename="{f.name}"'
        return Response(data, media_type=types.get(f.fmt, "application/octet-stream"), headers=headers)

    async def font(request: Request) -> Response:
        entry = session.state.fonts.get(request.path_params["fid"])
        if entry is None:
            return Response("not found", 404, media_type="text/plain", headers=_headers())
        data = await asyncio.to_thread(entry[3].read_bytes)
        headers = _headers()
        headers["Cache-Control"] = "max-age=3600"
        return Response(data, media_type="font/ttf", headers=headers)

    async def fonts_css(request: Request) -> Response:
        rules = []
        for fid, (css, bold, italic, _path) in session.state.fonts.items():
            rules.append(f"@font-face {{ font-family: {css}; src: url('/fonts/{fid}.ttf'); "
                         f"font-weight: {'bold' if bold else 'normal'}; "
                         f"font-style: {'italic' if italic else 'normal'}; }}")
        return Response("\n".join(rules), media_type="text/css; charset=utf-8", headers=_headers())

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            return Response("not found", 404, media_type="text/plain", headers=_headers())
        return Response(static[name], media_type=STATIC_TYPES[name], headers=_headers())

    async def state_json(request: Request) -> Response:
        s = session.state
        body = {"version": s.version, "status": s.status, "ok": s.ok, "source_sha": s.source_sha,
                "published": s.published, "took": s.took,
                "errors": [str(e) for e in s.errors], "files": sorted(s.files)}
        return Response(json.dumps(body), media_type="application/json", headers=_headers())

    async def events(request: Request) -> Response:
        q: asyncio.Queue[int] = asyncio.Queue()
        hub.loop = asyncio.get_running_loop()
        hub.queues.add(q)
        viewed = request.query_params.get("audience", "")
        viewers = session.viewers

        async def stream() -> AsyncIterator[str]:
            viewers[viewed] = viewers.get(viewed, 0) + 1
            try:
                yield "retry: 500\n\n"
                yield f"event: state\ndata: {session.state.version}\n\n"
                while not hub.closing:
                    try:
                        version = await asyncio.wait_for(q.get(), timeout=1.0)
                    except asyncio.TimeoutError:
                        if await request.is_disconnected():
                            return
                        continue
                    while not q.empty():
                        version = q.get_nowait()
                    yield f"event: state\ndata: {version}\n\n"
            finally:
                hub.queues.discard(q)
                viewers[viewed] -= 1
                if not viewers[viewed]:
                    del viewers[viewed]

        headers = _headers()
        headers["X-Accel-Buffering"] = "no"
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204, headers=_headers())

    async def not_found(request: Request, exc: Exception) -> Response:
        return Response("not found", 404, media_type="text/plain", headers=_headers())

    routes = [
        Route("/", index),
        Route("/a/{audience}", audience_page),
        Route("/a/{audience}/brief", brief),
        Route("/a/{audience}/handout/{page:int}.png", handout_page),
        Route("/files/{name}", file),
        Route("/fonts/{fid}.ttf", font),
        Route("/fonts.css", fonts_css),
        Route("/static/{name}", static_file),
        Route("/state", state_json),
        Route("/events", events),
        # -- browsers ask for it on every page; no icon, and no 404 in their console --
        Route("/favicon.ico", no_icon),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES)] if loopback else []
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found})
    app.state.hub = hub
    return app
