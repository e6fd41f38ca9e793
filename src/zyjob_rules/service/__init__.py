"""The HTTP service (``zyjob-rules serve``, optional extra ``server``: FastAPI + uvicorn).

An edge like the CLI: nothing in the library imports it. ``create_app`` (service/app.py) builds
the app; the modules each do one job: settings, rules_state (the shared compiled rules), auth,
middleware (request ids, tokens, body limits, logging), problems and messages (error bodies in
zh and en), error_statuses (the library's error codes as HTTP statuses), versioning (pins),
limits, decide and screen_stream (the work, off the event loop), routes_* (the routes),
openapi_docs, routes_page with case_form and static/ (the caseworker's page), api_reference
(``/docs``), reload_signal (SIGHUP reloads the rules). See docs/service.md.
"""
