#!/usr/bin/env bash
# Backups of Stockroom: the database (pg_dump, custom format) and the uploaded files
# (a tarball of MEDIA_ROOT), taken together under one name.
#   deploy/backup.sh backup [DIR]          writes DIR/stockroom-<UTC time>.dump and .media.tar.gz
#                                          (DIR: $BACKUP_DIR, else ./backups)
#   deploy/backup.sh restore PREFIX --yes  replaces the database and MEDIA_ROOT with the backup
#                                          PREFIX (the path without .dump / .media.tar.gz)
# The database is DATABASE_URL (PostgreSQL); MEDIA_ROOT as the app sees it (environment,
# else the settings' default). `make backup` / `make restore BACKUP=PREFIX` call this.
# Restore while the app servers are stopped (or drained): see docs/deploy.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=$ROOT/.venv/bin/python
die() { echo "backup: $*" >&2; exit 1; }

[[ "${DATABASE_URL:-}" == postgres://* || "${DATABASE_URL:-}" == postgresql://* ]] \
    || die "DATABASE_URL must name the PostgreSQL database (pg_dump backs up PostgreSQL only)"
# manage.py needs a SECRET_KEY unless DEBUG is on; the commands below only read settings.
[ -n "${SECRET_KEY:-}" ] || export DEBUG=${DEBUG:-1}

media_root() {
    if [ -n "${MEDIA_ROOT:-}" ]; then echo "$MEDIA_ROOT"; return; fi
    (cd "$ROOT" && "$PYTHON" -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings'); django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)")
}

backup() {
    local dir=${1:-${BACKUP_DIR:-$ROOT/backups}} media prefix
    mkdir -p "$dir"
    prefix="$dir/stockroom-$(date -u +%Y%m%dT%H%M%SZ)"
    media=$(media_root)
    # Custom format: compressed, restorable table by table, checked by pg_restore --list.
    pg_dump --format=custom --no-owner --file "$prefix.dump.part" "$DATABASE_URL"
    pg_restore --list "$prefix.dump.part" > /dev/null
    mv "$prefix.dump.part" "$prefix.dump"
    mkdir -p "$media"
    tar -czf "$prefix.media.tar.gz.part" -C "$media" .
    mv "$prefix.media.tar.gz.part" "$prefix.media.tar.gz"
    echo "backup: $prefix.dump ($(du -h "$prefix.dump" | cut -f1)), $prefix.media.tar.gz ($(du -h "$prefix.media.tar.gz" | cut -f1))"
}

restore() {
    local prefix=${1:-} confirm=${2:-} media staging old
    [ -n "$prefix" ] || die "usage: deploy/backup.sh restore PREFIX --yes"
    prefix=${prefix%.dump}; prefix=${prefix%.media.tar.gz}
    [ -s "$prefix.dump" ] || die "no $prefix.dump"
    [ -s "$prefix.media.tar.gz" ] || die "no $prefix.media.tar.gz"
    [ "$confirm" = "--yes" ] || die "this replaces the database in DATABASE_URL and MEDIA_ROOT; add --yes"
    pg_restore --list "$prefix.dump" > /dev/null
    # One transaction: a restore that fails half-way changes nothing.
    pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
        --dbname "$DATABASE_URL" "$prefix.dump"
    # The media: unpacked beside MEDIA_ROOT, then swapped in.
    media=$(media_root)
    staging="$media.restoring"; old="$media.before-restore"
    rm -rf "$staging" "$old"
    mkdir -p "$staging"
    tar -xzf "$prefix.media.tar.gz" -C "$staging"
    [ -d "$media" ] && mv "$media" "$old"
    mv "$staging" "$media"
    rm -rf "$old"
    # Pages cached before the restore must never be served for the restored data: a new
    # data-version epoch, and the shared cache emptied.
    (cd "$ROOT" && "$PYTHON" manage.py shell -v0 -c "
import secrets
from django.core.cache import cache
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('UPDATE core_dataversion SET epoch = %s WHERE id = 1', [secrets.randbits(62)])
cache.clear()
")
    echo "backup: restored $prefix.dump and $prefix.media.tar.gz (into $media)"
}

case "${1:-}" in
    backup) backup "${2:-}" ;;
    restore) restore "${2:-}" "${3:-}" ;;
    *) die "usage: deploy/backup.sh backup [DIR] | restore PREFIX --yes" ;;
esac
