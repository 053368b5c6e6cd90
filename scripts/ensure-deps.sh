#!/usr/bin/env bash
# Makes sure the two system programs the tests need are here: Chromium and PostgreSQL's server binaries.
# On Debian as root it installs what is missing with apt-get; elsewhere it names exactly what is missing.
set -u

have_pg() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
have_pg || missing+=(postgresql postgresql-contrib)

if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing with apt-get: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null || {
      echo "apt-get could not install: ${missing[*]}" >&2
      exit 1
    }
  else
    echo "Missing: ${missing[*]}." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}; Chromium must be at /usr/bin/chromium)," >&2
    echo "then run npm test again." >&2
    exit 1
  fi
fi
[ -x /usr/bin/chromium ] || { echo "Chromium is not at /usr/bin/chromium, where the test runners look for it." >&2; exit 1; }
exit 0
