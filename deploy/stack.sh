#!/usr/bin/env bash
# The production stack on 127.0.0.1, run from the checkout: Nginx in front, Gunicorn
# behind it on a unix socket, production settings (DEBUG off), the database in
# DATABASE_URL (SQLite in the checkout when unset).
#   deploy/stack.sh start   start in the background, wait until /healthz answers
#   deploy/stack.sh stop    stop both cleanly
#   deploy/stack.sh run     start, then stay in the foreground until Ctrl-C (make stack)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${STACK_DIR:-$ROOT/.stack}
PORT=${STACK_PORT:-8080}
PYTHON=$ROOT/.venv/bin/python
NGINX=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}

die() { echo "stack: $*" >&2; exit 1; }

production_env() {
    mkdir -p "$RUN_DIR"
    [ -s "$RUN_DIR/secret_key" ] || "$PYTHON" -c "import secrets; print(secrets.token_urlsafe(50))" > "$RUN_DIR/secret_key"
    export DEBUG=""
    export SECRET_KEY=${SECRET_KEY:-$(cat "$RUN_DIR/secret_key")}
    export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
    export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$PORT,http://localhost:$PORT}
    export STATIC_ROOT=$RUN_DIR/static
    export MEDIA_ROOT=${MEDIA_ROOT:-$RUN_DIR/media}
    # Django checks the session for /media/ and hands the sending to Nginx (internal location).
    export MEDIA_ACCEL_REDIRECT=1
    export PLAIN_STATIC_STORAGE=""
    # Secure cookies as in production; Chromium accepts them from http://localhost.
    export SECURE_COOKIES=${SECURE_COOKIES:-1}
    export GUNICORN_BIND=unix:$RUN_DIR/gunicorn.sock
    export GUNICORN_PID_FILE=$RUN_DIR/gunicorn.pid
    export GUNICORN_UMASK=0o000
    export GUNICORN_ACCESS_LOG=${GUNICORN_ACCESS_LOG:-$RUN_DIR/gunicorn-access.log}
    export GUNICORN_ERROR_LOG=$RUN_DIR/gunicorn-error.log
    export GUNICORN_WORKERS=${GUNICORN_WORKERS:-4}
}

render() {  # render TEMPLATE OUTPUT with the stack's paths
    sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@SOCKET@#$RUN_DIR/gunicorn.sock#g" \
        -e "s#@LISTEN@#127.0.0.1:$PORT#g" -e "s#@STATIC_ROOT@#$STATIC_ROOT#g" \
        -e "s#@MEDIA_ROOT@#$MEDIA_ROOT#g" "$1" > "$2"
}

# --- Task worker (imports in the background: django-tasks-db's `manage.py db_worker`) ---
# One worker process beside the app servers, same environment; its pid in $RUN_DIR.
worker_start() {
    "$PYTHON" manage.py db_worker --queue-name '*' --no-reload --no-startup-delay \
        >> "$RUN_DIR/worker.log" 2>&1 &
    echo $! > "$RUN_DIR/worker.pid"
}
worker_stop() {
    [ -s "$RUN_DIR/worker.pid" ] || return 0
    local pid; pid=$(cat "$RUN_DIR/worker.pid")
    if kill -0 "$pid" 2>/dev/null; then
        # TERM: it finishes the step it runs; after 10 s it is killed (an unfinished commit
        # rolls back whole, the import's page then offers the step again).
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/worker.pid"
}
# --- end of the task worker block ---

start() {
    [ -x "$PYTHON" ] || die "no .venv: run 'make setup' first"
    [ -x "$NGINX" ] || die "nginx is not installed (apt-get install nginx)"
    stop quiet
    production_env
    mkdir -p "$RUN_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi} "$MEDIA_ROOT"
    cd "$ROOT"
    "$PYTHON" manage.py collectstatic --noinput -v0
    "$PYTHON" manage.py migrate --noinput -v0
    render "$ROOT/deploy/nginx/stockroom.conf.template" "$RUN_DIR/site.conf"
    render "$ROOT/deploy/nginx/local-stack.conf.template" "$RUN_DIR/nginx.conf"
    # Nginx workers run as nobody; if it cannot read the checkout, run them as us.
    if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -r "$STATIC_ROOT/css" 2>/dev/null; then
        sed -i '1i user root root;' "$RUN_DIR/nginx.conf"
    fi
    "$ROOT/.venv/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" --daemon --chdir "$ROOT"
    worker_start
    "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log"
    for _ in $(seq 1 100); do
        if "$PYTHON" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/readyz', timeout=2)" 2>/dev/null; then
            echo "stack: up on http://127.0.0.1:$PORT (Nginx -> Gunicorn, DEBUG off)"
            return 0
        fi
        sleep 0.2
    done
    tail -n 20 "$RUN_DIR/gunicorn-error.log" "$RUN_DIR/nginx-error.log" >&2 || true
    die "did not become ready on port $PORT"
}

stop() {
    local quiet=${1:-}
    worker_stop
    if [ -s "$RUN_DIR/nginx.pid" ] && kill -0 "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null; then
        "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -s quit || true
    fi
    if [ -s "$RUN_DIR/gunicorn.pid" ]; then
        local pid; pid=$(cat "$RUN_DIR/gunicorn.pid")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$RUN_DIR/gunicorn.pid"
    fi
    for _ in $(seq 1 50); do [ -s "$RUN_DIR/nginx.pid" ] || break; sleep 0.1; done
    [ -n "$quiet" ] || echo "stack: stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    run)
        start
        trap 'stop; exit 0' INT TERM
        echo "stack: Ctrl-C stops it; logs in $RUN_DIR"
        while true; do sleep 3600 & wait $!; done
        ;;
    *) die "usage: deploy/stack.sh start|stop|run" ;;
esac
