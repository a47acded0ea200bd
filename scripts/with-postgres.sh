#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL.
# Locally, no reachable server means the PostgreSQL leg is skipped with a reason;
# in CI (CI=true or REQUIRE_POSTGRES=1) it is a failure.
set -u
url="$1"; shift
if .venv/bin/python - "$url" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL không kết nối được: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== Bộ kiểm thử trên PostgreSQL ($url) =="
  DATABASE_URL="$url" exec "$@"
fi
if [ "${CI:-}" = "true" ] || [ "${REQUIRE_POSTGRES:-}" = "1" ]; then
  echo "LỖI: CI yêu cầu PostgreSQL nhưng không kết nối được ($url)." >&2
  exit 1
fi
echo "BỎ QUA bộ kiểm thử trên PostgreSQL: không có máy chủ PostgreSQL tại $url (đặt PG_TEST_URL để chỉ máy khác)."
