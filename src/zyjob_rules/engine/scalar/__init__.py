"""The scalar engine: the checked rules compiled to Python, evaluated case by case, traced or not.

The default engine and the reference for the others. ``evaluator`` walks each rule once per
subject with a recorder chosen once (``recording``); ``codegen`` turns the checked tree into
Python source; ``runtime`` holds the three-valued helpers generated code calls; ``tracer`` the
one recording interface; ``dates`` (eligible_from) and ``missing`` (missing facts) reach the
evaluator through the small Protocol of ``protocols``.
"""
