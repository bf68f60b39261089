"""The HTTP service: a JSON API (OpenAPI at /docs) and the web pages, over one Service."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from plansearch.config import Settings
from plansearch.server.api import api_routes
from plansearch.server.errors import install_error_handlers
from plansearch.server.feedback_api import feedback_routes, open_at_start
from plansearch.server.middleware import BodyLimit, HeadAsGet, install_middleware
from plansearch.server.original_view import original_routes
from plansearch.server.pages import page_routes
from plansearch.server.register_api import register_routes
from plansearch.server.register_pages import register_page_routes
from plansearch.server.schemas import ErrorOut
from plansearch.server.templating import make_templates
from plansearch.service import Service


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The web service over the index the settings name (loaded once, in the lifespan)."""
    from fastapi_offline import FastAPIOffline

    settings = settings or Settings.from_env()
    service = service or Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(lambda: service.snapshot)
        await run_in_threadpool(open_at_start, app)
        stop = threading.Event()
        watcher = None
        if settings.reload_interval > 0:
            watcher = threading.Thread(target=service.watch, args=(stop,), name="index-watcher", daemon=True)
            watcher.start()
        try:
            async with app.state.mcp():  # the MCP sessions' task group, when PLANSEARCH_MCP is on
                yield
        finally:
            stop.set()
            if watcher is not None:
                watcher.join(timeout=5)

    app = FastAPIOffline(
        title="plansearch",
        description="Sök och chatt med källhänvisningar i cancervårdens planeringsdokument.",
        version="0.1.0",
        lifespan=lifespan,
        responses={code: {"model": ErrorOut} for code in (400, 401, 404, 413, 422, 503)},
    )
    app.state.service = service
    app.state.settings = settings
    templates = make_templates(settings)
    install_error_handlers(app, templates)
    # The last added is the outermost: the body limit, then headers and the access log (which
    # sees HEAD as HEAD), then HEAD turned into GET for the routes.
    app.add_middleware(HeadAsGet)
    install_middleware(app, settings)
    app.add_middleware(BodyLimit, limit=settings.max_body_kb * 1024)
    app.include_router(api_routes())
    app.include_router(register_routes())
    app.include_router(page_routes(templates))
    app.state.mcp = nullcontext
    if settings.mcp:
        from plansearch.server.mcp_server import mount

        app.state.mcp = mount(app, service)
    app.include_router(feedback_routes(templates))
    app.include_router(original_routes())
    app.include_router(register_page_routes(templates))
    app.mount("/static", StaticFiles(directory=settings.web_dir / "static"), name="static")
    return app
