"""The backup round trip, on a database of its own: seed the small demo data set and a
few uploaded files, `deploy/backup.sh backup`, change rows and files, `deploy/backup.sh
restore`, and compare every table (row count and a checksum of its rows) and every file
with what they were at the backup. Drops the database it made. Exits non-zero on a
difference.

    deploy/check_backup.py            (PostgreSQL at $PGHOST:$PGPORT as $PGUSER, default
                                       127.0.0.1:5432 postgres; needs CREATE DATABASE)
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = (
    f"postgres://{os.environ.get('PGUSER', 'postgres')}@{os.environ.get('PGHOST', '127.0.0.1')}"
    f":{os.environ.get('PGPORT', '5432')}"
)
NAME = f"stockroom_backupcheck_{os.getpid()}"
URL = f"{SERVER}/{NAME}"


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def snapshot() -> dict[str, tuple[int, str]]:
    with psycopg.connect(URL) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            t: conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM \"{t}\" x"
            ).fetchone()
            for t in tables
        }


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main() -> int:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="stockroom-backup-"))
    media = work / "media"
    (media / "parts").mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": URL,
        "MEDIA_ROOT": str(media),
        "DEBUG": "1",
        "CACHE_URL": "",
    }
    env.pop("SECRET_KEY", None)

    def run(*args: str) -> None:
        subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    admin(f"CREATE DATABASE {NAME}")
    try:
        run(str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--noinput", "-v0")
        run(str(ROOT / ".venv/bin/python"), "manage.py", "seed_demo", "--size", "small")
        (media / "parts" / "photo.png").write_bytes(b"\x89PNG fake photo")
        (media / "parts" / "datasheet.pdf").write_bytes(os.urandom(4096))
        before, before_files = snapshot(), files(media)

        run(str(ROOT / "deploy/backup.sh"), "backup", str(work / "backups"))
        prefix = str(next((work / "backups").glob("*.dump"))).removesuffix(".dump")

        # Changes after the backup: rows written and removed, files changed and added.
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute("UPDATE catalog_part SET name = name || ' (changed)'")
            conn.execute("DELETE FROM audit_auditparent")
            conn.execute("DELETE FROM audit_auditentry")
            conn.execute("UPDATE core_dataversion SET value = value + 1000")
        (media / "parts" / "photo.png").write_bytes(b"overwritten")
        (media / "parts" / "new.png").write_bytes(b"added after the backup")
        assert snapshot() != before

        run(str(ROOT / "deploy/backup.sh"), "restore", prefix, "--yes")
        after, after_files = snapshot(), files(media)
    finally:
        admin(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
        subprocess.run(["rm", "-rf", str(work)], check=False)

    # The data version's epoch is renewed on purpose (no page cached before the restore
    # may be served): compare that table without it.
    differ = [t for t in before if t != "core_dataversion" and before[t] != after.get(t)]
    missing = sorted(set(before) ^ set(after))
    rows = sum(count for count, _ in before.values())
    print(
        f"backup round trip: {len(before)} tables, {rows} rows; {len(differ)} tables differ {differ[:5]}; "
        f"tables missing or extra: {missing}"
    )
    print(
        f"media: {len(before_files)} files before, {len(after_files)} after, identical: {before_files == after_files}"
    )
    print(f"took {time.monotonic() - started:.1f} s")
    ok = not differ and not missing and before_files == after_files and rows > 0
    print("backups: 1 passed, 0 failed" if ok else "backups: 0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
