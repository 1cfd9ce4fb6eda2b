"""gunicorn settings for Agora. Start it from the Agora folder with:

    .venv/bin/gunicorn --config deploy/gunicorn.conf.py

This file is Python, read once when gunicorn starts. The environment variables named below
change its values without editing it, and an option given on the command line after
`--config deploy/gunicorn.conf.py` wins over the value here.

Why threads rather than gunicorn's default "sync" workers: a sync worker serves one connection
at a time, from the moment it accepts it until it has answered. A visitor (or a program) that
opens a connection and sends nothing holds that worker until `timeout` kills it, 30 seconds
later, so a few idle connections stop every other request. The threaded worker ("gthread")
gives each connection a thread of its own: one that sends nothing holds that thread 5 seconds
at most and is then closed, while the other threads go on serving. Each worker takes no more
connections than it has threads, so a connection accepted is always served at once, and the
workers that still have free threads take the rest.

This holds on its own while fewer connections are idle at once than workers x threads (256
on a 2-core server, 512 on 4 cores); bench/idle_sockets.py measures it. A client that sends
its request very slowly, a byte at a time, keeps its thread for as long as it goes on: for
that, put the reverse proxy of deploy/nginx.conf in front, which reads every request whole
before passing it to gunicorn, and keep gunicorn bound to 127.0.0.1 so that nothing else
reaches it. Then tell Agora it stands behind one proxy with EDU_PROXY_COUNT=1, so that it sees
each visitor's own address (for sign-in throttling and the audit log), not the proxy's.
"""

import os

# Where gunicorn listens: EDU_BIND, by default port 8000 of this machine only. Behind the
# reverse proxy, keep 127.0.0.1.
bind = [os.environ.get("EDU_BIND", "127.0.0.1:8000")]

# The app: Agora's factory, found in the `edu` folder of the directory gunicorn starts in.
wsgi_app = "edu:create_app()"

# Worker processes: EDU_WORKERS, by default one per CPU core (at least 2). Each has its own
# copy of the app and its own database connections; with more than one, set
# RATELIMIT_STORAGE_URI to Redis so that every worker counts sign-in attempts together.
cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
workers = int(os.environ.get("EDU_WORKERS") or max(2, cores or 1))

# Threads per worker: EDU_THREADS (128; change it there rather than with --threads, so that
# worker_connections below follows). A thread serves one connection at a time; a waiting one
# costs little memory, and they are started only when needed. Agora's database sessions are
# per thread, on SQLite as on PostgreSQL (at most 15 connections per worker, the rest wait).
worker_class = "gthread"
threads = int(os.environ.get("EDU_THREADS", "128"))

# Connections a worker holds at once, idle ones included: as many as its threads. A worker
# whose threads are all busy stops accepting; new connections go to a worker with a free
# thread instead of queueing behind idle ones. Keep it well under a process's open-files
# limit (`ulimit -n`, often 1024; LimitNOFILE= in a systemd unit).
worker_connections = threads

# No keep-alive: each connection carries one request and is closed, as with sync workers (the
# proxy in front keeps its own connections to browsers open). It also means a connection that
# sent nothing is closed within a second of its 5 seconds.
keepalive = 0

# A worker that stops answering its master for this many seconds is killed and replaced.
# With threads this is not a limit on one request: it catches a worker that hangs.
timeout = 30

# On a restart (`kill -HUP`) or a stop, running requests get this long to finish.
graceful_timeout = 30

# Largest request line and headers accepted (gunicorn's defaults, written out).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# gunicorn's control socket (for the `gunicornc` tool) stays closed: only the app listens.
control_socket_disable = True

# X-Forwarded-Proto: https is believed only from these addresses: the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Messages go to standard error (systemd's journal, or the terminal). No access log: the proxy
# keeps one. EDU_ACCESS_LOG=- makes gunicorn write one too, to standard output.
errorlog = "-"
loglevel = os.environ.get("EDU_LOG_LEVEL", "info")
accesslog = os.environ.get("EDU_ACCESS_LOG") or None
