"""The yardstick: a bare Flask route, served exactly like Agora, to compare throughput against."""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello():
    return "Hello"
