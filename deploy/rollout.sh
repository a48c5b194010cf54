#!/usr/bin/env bash
# Restarts the app servers of the local stack one at a time, so a deploy drops nothing:
# for each server, Nginx stops sending it new requests (marked `down`, graceful reload:
# requests already sent finish), Gunicorn stops gracefully (in-flight requests finish),
# starts again with the new code, and must answer /readyz (its health listener and its
# app socket) before Nginx sends it requests again and the next server's turn comes.
#   deploy/rollout.sh          (STACK_DIR, STACK_PORT, STACK_APP_SERVERS as for stack.sh)
# On separate machines the same four steps run per app server: see docs/deploy.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
APP_SERVERS=${STACK_APP_SERVERS:-2}
STACK="$HERE/stack.sh"

log() { printf 'rollout: %s\n' "$*"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

restore() { "$STACK" drain 0 >/dev/null 2>&1 || true; }
trap restore EXIT

started=$(date +%s.%N)
for n in $(seq 1 "$APP_SERVERS"); do
    t0=$(date +%s.%N)
    "$STACK" drain "$n"
    "$STACK" stop-app "$n"
    "$STACK" start-app "$n"
    "$STACK" drain 0
    log "app server $n restarted and ready ($(since "$t0") s)"
done
trap - EXIT
log "all $APP_SERVERS app servers restarted in $(since "$started") s"
