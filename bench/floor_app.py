"""Agora with one more route that does nothing: what every request pays before any page work.

The route answers "ok" after everything Agora does for any request: the session cookie, the
server-side check that the session has not been ended, the input guard, throttling, the CSRF
check on a POST, the locale, the security headers and the end of the transaction. Served as
Agora is, beside the bare route, it is the ceiling of any page's ratio.
"""

from edu import create_app

app = create_app()


@app.route("/floor", methods=["GET", "POST"])
def floor() -> str:
    return "ok"
