"""A signed-in teacher and a class, as several test modules need them."""

import re

from edu.extensions import db
from edu.services import accounts
from tests.conftest import csrf_token

PASSWORD = "three blue herons"


def teacher_client(app, username="mme.durand"):
    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, "teacher")
    client = app.test_client()
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"csrf_token": token, "username": username, "password": PASSWORD})
    return client


def create_class(client, name="4e B") -> tuple[str, str]:
    token = csrf_token(client, "/classes")
    response = client.post("/classes", data={"csrf_token": token, "name": name})
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    code = re.search(r'<strong class="code">(\w+)</strong>', page).group(1)
    return url, code
