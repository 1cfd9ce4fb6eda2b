"""A worker's long-lived objects taken out of the garbage collector's sight once it is warm.

After start-up and its first requests, a worker holds some 130,000 objects that live as long
as it does (mappers, compiled SQL and templates, catalogs). Every full collection walked them
all: on a page that allocates many objects ("My results" of 300 attempts) one request in ten
paid ≈ 45 ms for it, doubling the p95. After GC_FREEZE_AFTER requests the worker collects once
and freezes what is left (`gc.freeze`), after sending that request's answer: later collections
only look at what was made since. Reference counting still frees frozen objects; only cycles
among them are never collected, and a collection just before the freeze leaves none behind.
"""

import gc

from flask import Flask, Response, current_app

_served = 0
_frozen = False


def count_request(response: Response) -> Response:
    global _served, _frozen
    if _frozen:
        return response
    _served += 1
    if _served >= current_app.config["GC_FREEZE_AFTER"]:
        _frozen = True
        response.call_on_close(freeze)  # once the answer is sent, not while a pupil waits
    return response


def freeze() -> None:
    gc.collect()
    gc.freeze()


def init_app(app: Flask) -> None:
    # Not under tests: a test process builds hundreds of apps, whose garbage must go.
    if app.config["GC_FREEZE_AFTER"] and not app.testing:
        app.after_request(count_request)
