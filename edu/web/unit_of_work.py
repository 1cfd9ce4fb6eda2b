"""One transaction per request: services only flush, the request commits once, at its end.

The rule, by the response's status once the view (or a before_request check) is done:

- below 500, whether returned or raised with abort(): commit. An answer the app chose keeps
  what it wrote on the way: a wrong PIN or password counted, a refusal's audit record, an
  ended session, with the 403, 422 or 429 that says so;
- 500 and above, which is also the page of an exception no view handled: roll back, so that
  a request that fails half-way leaves nothing of what it did.

A commit that fails (a constraint checked at the end) turns the answer into the 500 page,
and the 500 page rolls back.
"""

from flask import Flask, Response

from edu.extensions import db


def end_transaction(response: Response) -> Response:
    if response.status_code >= 500:
        db.session.rollback()
    else:
        db.session.commit()
    return response


def init_app(app: Flask) -> None:
    app.after_request(end_transaction)
