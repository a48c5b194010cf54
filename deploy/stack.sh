#!/usr/bin/env bash
# The production stack on 127.0.0.1, run from the checkout, laid out as on separate
# machines: Nginx in front, STACK_APP_SERVERS Gunicorn masters (default 2) behind one
# upstream, each with its own socket, pid file, control socket, health listener, metrics
# directory and log file, a private Redis (shared cache, no persistence), production
# settings (DEBUG off), the database in DATABASE_URL (SQLite in the checkout when unset).
#   deploy/stack.sh start        start in the background, wait until every server is ready
#   deploy/stack.sh stop         stop everything cleanly
#   deploy/stack.sh run          start, then stay in the foreground until Ctrl-C (make stack)
#   deploy/stack.sh start-app N  (re)start app server N and wait for its /readyz
#   deploy/stack.sh stop-app N   stop app server N gracefully (in-flight requests finish)
#   deploy/stack.sh drain N      Nginx stops sending to app server N (0: to none); reload
#   deploy/stack.sh start-redis | stop-redis | reload-nginx
# Knobs: STACK_PORT (8080), STACK_DIR (.stack), STACK_APP_SERVERS (2), GUNICORN_WORKERS
# (2 per server), GUNICORN_THREADS (4), STACK_REDIS_PORT (STACK_PORT + 10000), STACK_TLS=1
# (HTTPS on STACK_TLS_PORT, default STACK_PORT + 363, with a self-signed certificate;
# STACK_PORT then answers 301 to it). Logs: $STACK_DIR/app<N>.log (Gunicorn and Django,
# one JSON line per request), nginx-access.log, nginx-error.log, redis.log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${STACK_DIR:-$ROOT/.stack}
PORT=${STACK_PORT:-8080}
APP_SERVERS=${STACK_APP_SERVERS:-2}
REDIS_PORT=${STACK_REDIS_PORT:-$((PORT + 10000))}
TLS=${STACK_TLS:-0}
TLS_PORT=${STACK_TLS_PORT:-$((PORT + 363))}
PYTHON=$ROOT/.venv/bin/python
NGINX=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
NGINX_ARGS=(-c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log")

die() { echo "stack: $*" >&2; exit 1; }

production_env() {
    mkdir -p "$RUN_DIR"
    [ -s "$RUN_DIR/secret_key" ] || "$PYTHON" -c "import secrets; print(secrets.token_urlsafe(50))" > "$RUN_DIR/secret_key"
    export DEBUG=""
    export SECRET_KEY=${SECRET_KEY:-$(cat "$RUN_DIR/secret_key")}
    export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
    local origins="http://127.0.0.1:$PORT,http://localhost:$PORT"
    [ "$TLS" = 1 ] && origins="$origins,https://127.0.0.1:$TLS_PORT,https://localhost:$TLS_PORT"
    export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-$origins}
    export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
    export STATIC_ROOT=$RUN_DIR/static
    export MEDIA_ROOT=${MEDIA_ROOT:-$RUN_DIR/media}
    # Django checks the session for /media/ and hands the sending to Nginx (internal location).
    export MEDIA_ACCEL_REDIRECT=1
    export PLAIN_STATIC_STORAGE=""
    # Secure cookies as in production; Chromium accepts them from http://localhost.
    export SECURE_COOKIES=${SECURE_COOKIES:-1}
    # The shared cache: every worker of every app server sees the same page cache.
    export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:$REDIS_PORT/0}
    export GUNICORN_UMASK=0o000
    export GUNICORN_WORKERS=${GUNICORN_WORKERS:-2}
    export GUNICORN_THREADS=${GUNICORN_THREADS:-4}
    export GUNICORN_ERROR_LOG=-
    export LOG_FORMAT=${LOG_FORMAT:-json}
}

app_env() {  # the environment that makes app server N its own machine
    local n=$1
    export GUNICORN_BIND=unix:$RUN_DIR/app$n.sock
    export GUNICORN_PID_FILE=$RUN_DIR/app$n.pid
    export GUNICORN_CONTROL_SOCKET=$RUN_DIR/app$n.ctl
    export GUNICORN_HEALTH_BIND=unix:$RUN_DIR/app$n-health.sock
    export GUNICORN_PROC_NAME=stockroom-app$n
    export PROMETHEUS_MULTIPROC_DIR=$RUN_DIR/metrics/app$n
}

# --- the probe: GET a path over a unix socket or TCP, exit 0 on 200 ---------------------

probe() {  # probe URL|unix:PATH [PATH] [TIMEOUT]
    "$PYTHON" - "$@" <<'EOF'
import http.client, socket, sys
target, path, timeout = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "/readyz"), float(sys.argv[3] if len(sys.argv) > 3 else 2)
class Unix(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(target[5:])
try:
    if target.startswith("unix:"):
        conn = Unix("localhost", timeout=timeout)
    else:
        import urllib.parse
        url = urllib.parse.urlsplit(target)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    conn.request("GET", path, headers={"Host": "localhost"})
    sys.exit(0 if conn.getresponse().status == 200 else 1)
except OSError:
    sys.exit(1)
EOF
}

# --- Redis ---------------------------------------------------------------------------

start_redis() {
    stop_redis
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --save '' --appendonly no --maxmemory 256mb --maxmemory-policy allkeys-lru \
        --daemonize yes --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$RUN_DIR"
    for _ in $(seq 1 50); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "redis did not start on port $REDIS_PORT (see $RUN_DIR/redis.log)"
}

stop_redis() {
    if [ -s "$RUN_DIR/redis.pid" ]; then
        local pid; pid=$(cat "$RUN_DIR/redis.pid")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$RUN_DIR/redis.pid"
    fi
}

# --- app servers ---------------------------------------------------------------------

start_app() {
    local n=$1
    stop_app "$n"
    (
        app_env "$n"
        cd "$ROOT"
        # Its own session and process group (like its own machine); stdout and stderr
        # (Gunicorn's log and Django's, one JSON line per request) to app<N>.log.
        setsid "$ROOT/.venv/bin/gunicorn" -c "$ROOT/deploy/gunicorn.conf.py" --chdir "$ROOT" \
            >> "$RUN_DIR/app$n.log" 2>&1 < /dev/null &
    )
    for _ in $(seq 1 150); do
        if probe "unix:$RUN_DIR/app$n-health.sock" /readyz 2 && probe "unix:$RUN_DIR/app$n.sock" /readyz 5; then
            return 0
        fi
        sleep 0.2
    done
    tail -n 20 "$RUN_DIR/app$n.log" >&2 || true
    die "app server $n did not become ready"
}

stop_app() {  # graceful: TERM, in-flight requests finish (GUNICORN_GRACEFUL_TIMEOUT)
    local n=$1 pid
    [ -s "$RUN_DIR/app$n.pid" ] || return 0
    pid=$(cat "$RUN_DIR/app$n.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/app$n.pid"
}

# --- Nginx ---------------------------------------------------------------------------

render() {  # render TEMPLATE OUTPUT [DRAINED_SERVER]
    local drained=${3:-0} app_servers="" health_servers="" n down
    for n in $(seq 1 "$APP_SERVERS"); do
        down=""; [ "$n" = "$drained" ] && down=" down"
        app_servers+="    server unix:$RUN_DIR/app$n.sock max_fails=2 fail_timeout=5s$down;"$'\n'
        health_servers+="    server unix:$RUN_DIR/app$n-health.sock max_fails=2 fail_timeout=5s$down;"$'\n'
    done
    local metrics_allow="" net
    local allow=${METRICS_ALLOW:-}
    for net in ${allow//,/ }; do metrics_allow+="    allow $net;"$'\n'; done
    local suffix=":$TLS_PORT"; [ "$TLS_PORT" = 443 ] && suffix=""
    "$PYTHON" "$ROOT/deploy/render.py" "$1" "$2" \
        "RUN_DIR=$RUN_DIR" "CONF_DIR=$RUN_DIR" "ERRORS_DIR=$ROOT/deploy/nginx/errors" \
        "LISTEN=127.0.0.1:$PORT" "TLS_LISTEN=127.0.0.1:$TLS_PORT" "HTTPS_PORT_SUFFIX=$suffix" \
        "TLS_CERT=$RUN_DIR/tls/cert.pem" "TLS_KEY=$RUN_DIR/tls/key.pem" \
        "STATIC_ROOT=$STATIC_ROOT" "MEDIA_ROOT=$MEDIA_ROOT" \
        "APP_SERVERS=${app_servers%$'\n'}" "HEALTH_SERVERS=${health_servers%$'\n'}" \
        "METRICS_ALLOW=${metrics_allow%$'\n'}"
}

render_nginx() {  # render_nginx [DRAINED_SERVER]
    local site=stockroom.conf.template
    [ "$TLS" = 1 ] && site=stockroom-tls.conf.template
    render "$ROOT/deploy/nginx/upstreams.conf.template" "$RUN_DIR/upstreams.conf" "${1:-0}"
    render "$ROOT/deploy/nginx/locations.conf.template" "$RUN_DIR/locations.conf"
    render "$ROOT/deploy/nginx/$site" "$RUN_DIR/site.conf"
    render "$ROOT/deploy/nginx/local-stack.conf.template" "$RUN_DIR/nginx.conf"
    cp "$ROOT/deploy/nginx/security-headers.conf" "$RUN_DIR/security-headers.conf"
    # Nginx workers run as nobody; if it cannot read the checkout, run them as us.
    if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -r "$STATIC_ROOT/css" 2>/dev/null; then
        sed -i '1i user root root;' "$RUN_DIR/nginx.conf"
    fi
}

self_signed_cert() {
    [ -s "$RUN_DIR/tls/cert.pem" ] && return 0
    mkdir -p "$RUN_DIR/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
        -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$RUN_DIR/tls/key.pem" -out "$RUN_DIR/tls/cert.pem" 2>/dev/null
}

reload_nginx() {
    "$NGINX" -t -q "${NGINX_ARGS[@]}"
    "$NGINX" "${NGINX_ARGS[@]}" -s reload
}

drain() {  # Nginx sends nothing new to app server N (0: back to all); old workers finish
    production_env
    render_nginx "$1"
    reload_nginx
}

# --- Task worker (imports in the background: django-tasks-db's `manage.py db_worker`) ---
# One worker process beside the app servers, same environment; its pid in $RUN_DIR.
# The daily notices are a task that queues its next run; schedule_notices queues the
# first (idempotent: nothing when a run is waiting).
worker_start() {
    "$PYTHON" manage.py schedule_notices >> "$RUN_DIR/worker.log" 2>&1
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

# --- the whole stack -----------------------------------------------------------------

start() {
    [ -x "$PYTHON" ] || die "no .venv: run 'make setup' first"
    [ -x "$NGINX" ] || die "nginx is not installed (apt-get install nginx)"
    command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install redis-server)"
    stop quiet
    production_env
    mkdir -p "$RUN_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi,metrics} "$MEDIA_ROOT"
    cd "$ROOT"
    "$PYTHON" manage.py collectstatic --noinput -v0
    "$PYTHON" manage.py migrate --noinput -v0
    [ "$TLS" = 1 ] && self_signed_cert
    render_nginx 0
    start_redis
    local n
    for n in $(seq 1 "$APP_SERVERS"); do start_app "$n"; done
    worker_start
    "$NGINX" "${NGINX_ARGS[@]}"
    local url="http://127.0.0.1:$PORT/readyz"
    [ "$TLS" = 1 ] && url="https://127.0.0.1:$TLS_PORT/readyz"
    for _ in $(seq 1 100); do
        if curl -fsk -o /dev/null --max-time 2 "$url"; then
            echo "stack: up on http://127.0.0.1:$PORT$([ "$TLS" = 1 ] && echo " (301 to https://127.0.0.1:$TLS_PORT)")" \
                "(Nginx -> $APP_SERVERS app servers, Redis on :$REDIS_PORT, DEBUG off); logs in $RUN_DIR"
            return 0
        fi
        sleep 0.2
    done
    tail -n 20 "$RUN_DIR"/app*.log "$RUN_DIR/nginx-error.log" >&2 || true
    die "did not become ready on port $PORT"
}

stop() {
    local quiet=${1:-}
    worker_stop
    if [ -s "$RUN_DIR/nginx.pid" ] && kill -0 "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null; then
        "$NGINX" "${NGINX_ARGS[@]}" -s quit || true
    fi
    local pidfile n
    for pidfile in "$RUN_DIR"/app*.pid; do
        [ -e "$pidfile" ] || continue
        n=${pidfile##*/app}; n=${n%.pid}
        stop_app "$n"
    done
    # A stack from before several app servers (one gunicorn.pid).
    if [ -s "$RUN_DIR/gunicorn.pid" ]; then
        kill -TERM "$(cat "$RUN_DIR/gunicorn.pid")" 2>/dev/null || true
        rm -f "$RUN_DIR/gunicorn.pid"
    fi
    stop_redis
    for _ in $(seq 1 50); do [ -s "$RUN_DIR/nginx.pid" ] || break; sleep 0.1; done
    [ -n "$quiet" ] || echo "stack: stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    run)
        start
        trap 'stop; exit 0' INT TERM
        echo "stack: Ctrl-C stops it"
        while true; do sleep 3600 & wait $!; done
        ;;
    start-app) production_env; start_app "${2:?server number}" ;;
    stop-app) production_env; stop_app "${2:?server number}" ;;
    drain) drain "${2:?server number, 0 for none}" ;;
    start-redis) production_env; start_redis ;;
    stop-redis) stop_redis ;;
    reload-nginx) reload_nginx ;;
    *) die "usage: deploy/stack.sh start|stop|run|start-app N|stop-app N|drain N|start-redis|stop-redis|reload-nginx" ;;
esac
