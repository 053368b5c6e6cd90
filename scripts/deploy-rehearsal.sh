#!/usr/bin/env bash
# A rehearsal of docs/deploy.md on this machine, as root, inside a network namespace of its own (unshare --net), so
# nothing it starts can reach, or be reached from, any other machine. It installs nothing: it needs Caddy
# (apt-get install caddy), the server installed in /opt/soleus (npm install soleus, or the tarball from
# `npm run pack`), and PostgreSQL's server binaries for the last part (PG_BIN, default /usr/lib/postgresql/15/bin:
# the namespace has its own loopback, so a throwaway database is started inside it).
#
# What it runs, in the order of docs/deploy.md, with the repository's own files from deploy/:
#   1. systemd-analyze verify on the unit files;
#   2. the service's ExecStart line as the user "soleus", with an env file made from deploy/soleus.env.example;
#   3. Caddy with deploy/Caddyfile, its site name swapped for https://localhost:8443 and `tls internal`
#      (no ACME: a real certificate needs a real name), then requests through it;
#   4. the backup service's ExecStart while bookings are made, a restore refused while the server runs;
#   5. migrate-to PostgreSQL, then two processes on it behind Caddy's two upstreams, and one slot booked through
#      both at once: one 201, one 409.
# Usage: sudo bash scripts/deploy-rehearsal.sh   (prints each step and "rehearsal passed" at the end)
set -euo pipefail

if [[ ${SOLEUS_REHEARSAL_INSIDE:-} != 1 ]]; then
  [[ $(id -u) == 0 ]] || { echo "Run as root: it adds a user and uses a network namespace." >&2; exit 1; }
  command -v caddy >/dev/null || { echo "Caddy is missing: apt-get install caddy" >&2; exit 1; }
  [[ -x /opt/soleus/node_modules/.bin/soleus ]] || { echo "Install the server in /opt/soleus first (docs/deploy.md step 2)." >&2; exit 1; }
  exec env SOLEUS_REHEARSAL_INSIDE=1 unshare --net --fork bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/soleus-rehearsal.XXXXXX)
soleus=/opt/soleus/node_modules/.bin/soleus
pids=()
cleanup() {
  pkill -f 'soleus serve --host 127.0.0.1' 2>/dev/null || true
  [[ -n ${pgdata:-} && -f ${pgdata:-/nonexistent}/postmaster.pid ]] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf '   FAILED: %s\n' "$*" >&2; exit 1; }

ip link set lo up

step "1. systemd-analyze verify deploy/*.service deploy/*.timer"
id soleus >/dev/null 2>&1 || useradd --system --home /var/lib/soleus --shell /usr/sbin/nologin soleus
mkdir -p /etc/soleus /var/lib/soleus /var/backups/soleus /var/log/caddy
chown soleus:soleus /var/lib/soleus /var/backups/soleus
units=$work/units
mkdir -p "$units"
cp "$repo"/deploy/*.service "$repo"/deploy/*.timer "$units"/
# verify reads units from the unit path it is given; "soleus@.service" is verified as an instance.
cp "$units/soleus@.service" "$units/soleus@8787.service"
rm "$units/soleus@.service"
(cd "$units" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no ./*.service ./*.timer) 2>&1 | grep -v 'Failed to connect to bus\|^$' | tee "$work/verify.log" || true
if grep -qiE 'error|invalid|unknown' "$work/verify.log"; then fail "systemd-analyze found problems"; fi
ok "units verify cleanly"

step "2. the service's command as user soleus, settings from soleus.env.example"
# A mail sink on 127.0.0.1:2525 standing in for the provider (smtp-server, the tests' own).
(cd "$repo" && node -e "const {SMTPServer}=require('smtp-server');new SMTPServer({authOptional:true,disabledCommands:['STARTTLS'],onData(s,_,cb){s.on('data',()=>{});s.on('end',()=>{console.log('mail');cb()})}}).listen(2525,'127.0.0.1')") >"$work/smtp.log" 2>&1 &
pids+=($!)
sed -e 's#^SOLEUS_PUBLIC_URL=.*#SOLEUS_PUBLIC_URL=https://localhost:8443#' \
  -e 's#^SMTP_URL=.*#SMTP_URL=smtp://127.0.0.1:2525#' \
  -e 's#^SOLEUS_ALLOWED_ORIGINS=.*#SOLEUS_ALLOWED_ORIGINS=http://127.0.0.1:8080#' \
  -e "s#^SOLEUS_SECRET=.*#SOLEUS_SECRET=$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))")#" \
  -e "s#^SOLEUS_FEED_TOKEN=.*#SOLEUS_FEED_TOKEN=$(node -e "console.log(require('node:crypto').randomBytes(24).toString('base64url'))")#" \
  -e "s#^SOLEUS_ADMIN_TOKEN=.*#SOLEUS_ADMIN_TOKEN=rehearsal-admin-token-0123456789#" \
  "$repo/deploy/soleus.env.example" >/etc/soleus/soleus.env
chown root:soleus /etc/soleus/soleus.env && chmod 0640 /etc/soleus/soleus.env
cp "$repo/demo/practice.json" "$repo/demo/marathon-hub.webp" /etc/soleus/ # the demo practice and its card image
# The demo practice's feed token is public; production refuses it, and SOLEUS_FEED_TOKEN overrides it.
rm -f /var/lib/soleus/soleus.db*
exec_start=$(sed -n 's/^ExecStart=//p' "$repo/deploy/soleus.service")
run_service() { # the unit's ExecStart with its EnvironmentFile, as its User, in its WorkingDirectory
  (cd /var/lib/soleus && runuser -u soleus -- env -i PATH=/usr/local/bin:/usr/bin:/bin \
    $(grep -v '^\s*#' /etc/soleus/soleus.env | grep . | tr '\n' ' ') "$@")
}
run_service $exec_start >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8787/api/v1/health >/dev/null && break; sleep 0.1; done
curl -sf http://127.0.0.1:8787/api/v1/health | tee "$work/health.json" | grep -q '"db":"sqlite"' || fail "no health"
grep -q 'Soleus listening on http://127.0.0.1:8787' "$work/serve.log" || fail "unexpected start: $(cat "$work/serve.log")"
pgrep -u soleus -f 'soleus serve' >/dev/null || fail "the server does not run as soleus"
ok "listening on 127.0.0.1:8787 as the user soleus"

step "3. Caddy with deploy/Caddyfile (site name swapped for https://localhost:8443, tls internal)"
caddyfile=$work/Caddyfile
sed -e 's#^book\.example\.com {#https://localhost:8443 {\n\tbind 127.0.0.1\n\ttls internal#' \
  -e 's#^\temail you@example.com#\temail you@example.com\n\tauto_https disable_redirects\n\tskip_install_trust\n\tstorage file_system '"$work"'/caddy#' \
  -e "s#/var/log/caddy/soleus.log#$work/caddy-access.log#" \
  "$repo/deploy/Caddyfile" >"$caddyfile"
caddy validate --config "$repo/deploy/Caddyfile" --adapter caddyfile >"$work/validate.log" 2>&1 || fail "caddy validate: $(tail -3 "$work/validate.log")"
ok "caddy validate accepts deploy/Caddyfile as it is"
caddy run --config "$caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sfk https://localhost:8443/api/v1/health >/dev/null && break; sleep 0.2; done
headers=$(curl -sk -D - -o /dev/null https://localhost:8443/)
grep -qi '^content-security-policy:.*script-src' <<<"$headers" || fail "no CSP through Caddy"
ok "https://localhost:8443/ answers through Caddy with Soleus's own CSP"
enc=$(curl -sk -D - -o /dev/null -H 'Accept-Encoding: br' https://localhost:8443/soleus.js | tr -d '\r' | sed -n 's/^content-encoding: //Ip')
[[ $enc == br ]] || fail "soleus.js not brotli through Caddy ($enc)"
ok "soleus.js arrives brotli-compressed, encoded once"
link=$(run_service $soleus admin-link --db sqlite:/var/lib/soleus/soleus.db --config /etc/soleus/practice.json 2>/dev/null | grep -o 'https://[^ ]*')
[[ $link == https://localhost:8443/admin/link* ]] || fail "admin-link printed $link"
token=${link#*token=}
set_cookie=$(curl -sk -D - -o /dev/null -H 'Origin: https://localhost:8443' --data-urlencode "token=$token" https://localhost:8443/admin/link | tr -d '\r' | grep -i '^set-cookie: soleus_session=')
grep -qi '; *secure' <<<"$set_cookie" || fail "the session cookie is not Secure behind https: $set_cookie"
cookie=$(sed 's/^[Ss]et-[Cc]ookie: \(soleus_session=[^;]*\).*/\1/' <<<"$set_cookie")
ok "admin-link and its button sign in through Caddy"
first=$(timeout 5 curl -skN -H "Cookie: $cookie" https://localhost:8443/admin/api/events | head -c 200 || true)
grep -q 'event: version' <<<"$first" || fail "no event stream through Caddy: $first"
ok "the console's event stream passes through unbuffered"

step "4. nightly backup (the backup service's command) while bookings are made; restore refused while serving"
from=$(TZ=Europe/London date -d '+2 days' +%F) to=$(TZ=Europe/London date -d '+9 days' +%F)
# Free starts at least two hours apart, so none of them overlaps another.
slots=$(curl -sf "http://127.0.0.1:8787/api/v1/availability?service=sports-massage-60&from=$from&to=$to" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const out=[];for(const x of JSON.parse(s).slots)if(!out.length||Date.parse(x.start)-Date.parse(out.at(-1))>=72e5)out.push(x.start);console.log(out.join(" "))})')
book() { # $1 start → HTTP status
  curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \
    -d "{\"serviceId\":\"sports-massage-60\",\"start\":\"$1\",\"timeZone\":\"Europe/London\",\"client\":{\"name\":\"Rae Runner\",\"email\":\"rae@example.com\"}}" \
    "${2:-https://localhost:8443}/api/v1/bookings"
}
set -- $slots
booked=0
for s in "$1" "$2" "$3"; do [[ $(book "$s") == 201 ]] && booked=$((booked + 1)); done
backup_cmd=$(sed -n "s/^ExecStart=\/bin\/sh -c '\(.*\)'$/\1/p" "$repo/deploy/soleus-backup.service" | sed 's/%%/%/g')
run_service /bin/sh -c "$backup_cmd" >"$work/backup.log" 2>&1 || fail "backup: $(cat "$work/backup.log")"
file=/var/backups/soleus/soleus-$(date +%F).db
[[ -s $file ]] || fail "no $file"
count=$(node -e "const D=require('/opt/soleus/node_modules/better-sqlite3');console.log(new D(process.argv[1],{readonly:true}).prepare(\"select count(*) n from bookings where status='confirmed'\").get().n)" "$file")
[[ $count == "$booked" ]] || fail "backup holds $count bookings, $booked were made"
ok "$(cat "$work/backup.log" | tail -1) — holds the $booked bookings made before it"
if run_service $soleus restore "$file" --db sqlite:/var/lib/soleus/soleus.db --force >"$work/restore.log" 2>&1; then
  fail "restore went ahead while the server runs"
fi
ok "restore refused while serving: $(tail -1 "$work/restore.log")"

step "5. restore once stopped; migrate-to PostgreSQL, two processes on it behind Caddy, one slot booked through both at once"
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgdata=$work/pg
id postgres >/dev/null 2>&1 || useradd --system postgres
mkdir -p "$pgdata" && chown postgres "$pgdata" && chmod 0755 "$work"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >"$work/initdb.log"
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -o "-c listen_addresses=127.0.0.1 -p 55432 -k $pgdata" -l "$pgdata/server.log" -w start >/dev/null
pg=postgres://postgres@127.0.0.1:55432/postgres
pkill -TERM -f 'soleus serve --host 127.0.0.1 --port 8787 --db sqlite' # as systemctl stop soleus would
for _ in $(seq 1 50); do pgrep -f 'port 8787 --db sqlite' >/dev/null || break; sleep 0.1; done
run_service $soleus restore "$file" --db sqlite:/var/lib/soleus/restored.db | tail -1
restored=$(node -e "const D=require('/opt/soleus/node_modules/better-sqlite3');console.log(new D('/var/lib/soleus/restored.db',{readonly:true}).prepare(\"select count(*) n from bookings where status='confirmed'\").get().n)")
[[ $restored == "$booked" ]] || fail "the restored database holds $restored bookings"
ok "with the server stopped, restore brings the backup back: $restored bookings"
run_service $soleus migrate-to "$pg" --db sqlite:/var/lib/soleus/soleus.db | tail -2
echo "DATABASE_URL=$pg" >>/etc/soleus/soleus.env
multi=$(sed -n 's/^ExecStart=//p' "$repo/deploy/soleus@.service")
for port in 8787 8788; do
  run_service ${multi//%i/$port} >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
done
for port in 8787 8788; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" | grep -q postgres && break; sleep 0.1; done
done
sed -i 's#reverse_proxy 127.0.0.1:8787 {#reverse_proxy 127.0.0.1:8787 127.0.0.1:8788 {\n\t\tlb_policy round_robin#' "$caddyfile"
caddy reload --config "$caddyfile" --adapter caddyfile >/dev/null 2>&1 || fail "caddy reload"
sleep 1
n=$(node -e "const D=require('/opt/soleus/node_modules/better-sqlite3');console.log(new D('/var/lib/soleus/soleus.db',{readonly:true}).prepare(\"select count(*) n from bookings\").get().n)")
ok "migrate-to copied the database ($n bookings); both processes answer on PostgreSQL"
slot=$4
a=$(book "$slot" http://127.0.0.1:8787 & book "$slot" http://127.0.0.1:8788 & wait)
codes=$( (book "$slot" https://localhost:8443 & book "$slot" https://localhost:8443 & wait) | fold -w3 | sort | tr '\n' ' ')
all=$(printf '%s' "$a" | fold -w3 | sort | tr '\n' ' ')
[[ $all == "201 409 " ]] || fail "the same slot through both processes gave: $all"
[[ $codes == "409 409 " ]] || fail "the taken slot through Caddy gave: $codes"
ok "the same slot on both processes at once: $all; again through Caddy: $codes"
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null

printf '\nrehearsal passed\n'
