#!/usr/bin/env bash
# Browser tests drive Debian's chromium. Install it when missing and we may (root);
# otherwise say why the browser tests will be skipped.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài chromium cho kiểm thử trình duyệt (apt-get install chromium)…"
  (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }) \
    && exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "LỖI: CI cần /usr/bin/chromium cho kiểm thử trình duyệt nhưng không cài được." >&2
  exit 1
fi
echo "Không có /usr/bin/chromium: các kiểm thử trình duyệt sẽ bị bỏ qua (cài: apt-get install chromium)."
