"""The web layer: the FastAPI app, its JSON API, the Swedish pages, error handlers and middleware.
Nothing in the core imports it."""
