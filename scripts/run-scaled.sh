#!/usr/bin/env bash
# The scaled topology on one machine: PostgreSQL, Redis, nginx in front of two web processes, and two render
# workers, all on loopback ports, each stopped by its PID (and all of them on Ctrl-C). Prints the proxy's address
# once everything is ready. Honours the same configuration keys as ./run.sh (Demo__Seed=true seeds the demo studio).
#   scripts/run-scaled.sh                 # demo off: the set-up page, its code in data/scaled/web-1.log
#   Demo__Seed=true scripts/run-scaled.sh
# Ports: PROXY_PORT (5080), WEB_PORTS ("5101 5102"), WORKER_PORTS ("5111 5112"), REDIS_PORT (6390), PG_PORT (5440).
# ConnectionStrings__Postgres set: that database is used and no PostgreSQL is started. Data: SCALED_DATA (data/scaled).
# SCALED_READY_ONLY=1 stops everything again once it is ready (a smoke test).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PROXY_PORT=${PROXY_PORT:-5080}
WEB_PORTS=(${WEB_PORTS:-5101 5102})
WORKER_PORTS=(${WORKER_PORTS:-5111 5112})
REDIS_PORT=${REDIS_PORT:-6390}
PG_PORT=${PG_PORT:-5440}
DATA=$(mkdir -p "${SCALED_DATA:-data/scaled}" && cd "${SCALED_DATA:-data/scaled}" && pwd)
PIDS=()

say() { printf '== %s\n' "$*"; }
need() {
  local missing=()
  for p in "$@"; do command -v "${p%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${p%%:*}" ] || missing+=("${p#*:}"); done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The scaled topology needs: ${missing[*]}. Please run: sudo apt-get install -y ${missing[*]}" >&2; exit 1
  fi
}
need redis-server:redis-server nginx:nginx-light ffmpeg:ffmpeg

stop_all() {
  trap - EXIT INT TERM
  say "stopping"
  # Workers and web processes first (they release their jobs' leases), then the proxy, Redis and PostgreSQL.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "${PGBIN:-}" ] && [ -f "$DATA/pg/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$DATA/pg" -m fast stop >/dev/null 2>&1 || true; fi
}
trap stop_all EXIT INT TERM

wait_http() { # url, seconds
  for _ in $(seq $(($2 * 4))); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.25; done
  echo "Not ready in $2 s: $1" >&2; return 1
}

# --- PostgreSQL ---
if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "${PGBIN:-}/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)." >&2; exit 1; }
  mkdir -p "$DATA/pg" "$DATA/pgsock"
  as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$DATA/pg" "$DATA/pgsock"; runuser -u postgres -- "$@"; else "$@"; fi; }
  [ -f "$DATA/pg/PG_VERSION" ] || as_pg "$PGBIN/initdb" -D "$DATA/pg" -A trust -U postgres >"$DATA/initdb.log" 2>&1
  as_pg "$PGBIN/pg_ctl" -D "$DATA/pg" -w -l "$DATA/pgsock/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DATA/pgsock -c max_connections=200" start >/dev/null
  as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1 \
    || as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE portal" >/dev/null
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=portal;Pooling=true"
  say "PostgreSQL on 127.0.0.1:$PG_PORT"
fi
export Database__Provider=Postgres

# --- Redis (started again by the loop at the end if it stops: pages catch up by re-reading on reconnect) ---
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >>"$DATA/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=($REDIS_PID)
  say "Redis on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID)"
}
start_redis
export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"

# --- The portal: built once, then two web processes and two workers sharing the database, files and keys ---
# SCALED_DLL: an already built MasteringPortal.Web.dll (the tests pass their Debug build) instead of building here.
if [ -n "${SCALED_DLL:-}" ]; then
  DLL=$SCALED_DLL
else
  say "building"
  dotnet build src/MasteringPortal.Web/MasteringPortal.Web.csproj -c Release -nologo -clp:ErrorsOnly -v:q
  DLL=src/MasteringPortal.Web/bin/Release/net10.0/MasteringPortal.Web.dll
fi
export Storage__Root="$DATA/files"
# One key ring for every process, in the database: a cookie made by one web process is good on the other.
export DataProtection__Store=Database
# Only the proxy on loopback may set the forwarded headers the web processes believe.
export Hosting__TrustedProxies__0=127.0.0.1
export PublicBaseUrl="${PublicBaseUrl:-http://127.0.0.1:$PROXY_PORT}"
# Structured logs: one JSON object a line, with the trace id and, in a job, its job and project ids.
export Logging__Console__FormatterName=json Logging__Console__FormatterOptions__IncludeScopes=true

# The first web process migrates (and seeds the demo when asked) before the others start.
start_web() { # index, port
  Jobs__Workers=0 Jobs__AnalysisWorkers=0 Jobs__WorkerName="web-$1" Hosting__ProcessName="web-$1" \
    dotnet "$DLL" --urls "http://127.0.0.1:$2" >"$DATA/web-$1.log" 2>&1 &
  PIDS+=($!); say "web process $1 on 127.0.0.1:$2 (pid $!)"
}
start_web 1 "${WEB_PORTS[0]}"
wait_http "http://127.0.0.1:${WEB_PORTS[0]}/health/live" 180
for i in "${!WEB_PORTS[@]}"; do [ "$i" = 0 ] || start_web $((i + 1)) "${WEB_PORTS[i]}"; done
for i in "${!WORKER_PORTS[@]}"; do
  Demo__Seed=false Jobs__WorkerName="worker-$((i + 1))" \
    dotnet "$DLL" worker --urls "http://127.0.0.1:${WORKER_PORTS[i]}" >"$DATA/worker-$((i + 1)).log" 2>&1 &
  PIDS+=($!); say "worker $((i + 1)) on 127.0.0.1:${WORKER_PORTS[i]} (pid $!)"
done

# --- nginx: WebSockets, a sticky backend per browser (Blazor circuits), uploads streamed unbuffered ---
mkdir -p "$DATA/nginx/tmp"
{
  echo "daemon off; worker_processes 1; pid $DATA/nginx/nginx.pid; error_log $DATA/nginx/error.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  echo "  access_log off; client_body_temp_path $DATA/nginx/tmp/body; proxy_temp_path $DATA/nginx/tmp/proxy;"
  echo "  fastcgi_temp_path $DATA/nginx/tmp/fcgi; uwsgi_temp_path $DATA/nginx/tmp/uwsgi; scgi_temp_path $DATA/nginx/tmp/scgi;"
  echo "  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }"
  # A browser keeps its backend through an affinity cookie set on its first answer; a dead backend's browsers move on.
  echo "  map \$cookie_mp_affinity \$affinity { '' \$request_id; default \$cookie_mp_affinity; }"
  echo "  upstream portal { hash \$affinity consistent;"
  for p in "${WEB_PORTS[@]}"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"; done
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$PROXY_PORT;"
  echo "    client_max_body_size 64m;"
  echo "    location = /metrics { return 404; }  # each process's /metrics is for a scraper on this machine"
  echo "    location / {"
  echo "      proxy_pass http://portal; proxy_http_version 1.1;"
  echo "      proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection \$connection_upgrade;"
  echo "      proxy_set_header Host \$http_host; proxy_set_header X-Forwarded-For \$remote_addr; proxy_set_header X-Forwarded-Proto \$scheme;"
  echo "      proxy_request_buffering off; proxy_buffering off; proxy_read_timeout 1h; proxy_next_upstream error timeout;"
  echo "      add_header Set-Cookie \"mp_affinity=\$affinity; Path=/; HttpOnly; SameSite=Lax\" always;"
  echo "    }"
  echo "  }"
  echo "}"
} >"$DATA/nginx/nginx.conf"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX" -c "$DATA/nginx/nginx.conf" -p "$DATA/nginx" &
PIDS+=($!)
say "nginx on 127.0.0.1:$PROXY_PORT (pid $!)"

for p in "${WEB_PORTS[@]}"; do wait_http "http://127.0.0.1:$p/health/ready" 180; done
for p in "${WORKER_PORTS[@]}"; do wait_http "http://127.0.0.1:$p/health/ready" 180; done
wait_http "http://127.0.0.1:$PROXY_PORT/health/ready" 30
echo
echo "MasteringPortal (scaled) is ready: open http://127.0.0.1:$PROXY_PORT"
echo "  logs: $DATA/*.log; stop with Ctrl-C"
[ "${SCALED_READY_ONLY:-0}" = 1 ] && exit 0
# One web process or worker dying is what this topology is for: the others carry on (nginx sends the browsers to the
# living web process, another worker takes the dead one's job). Redis is started again when it stops (the processes
# reconnect by themselves). It stops on Ctrl-C, or when nginx stops.
NGINX_PID=${PIDS[-1]}
while kill -0 "$NGINX_PID" 2>/dev/null; do
  wait -n "${PIDS[@]}" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || echo "process $pid stopped (see $DATA/*.log); the others carry on" >&2; done
  alive=(); for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done; PIDS=("${alive[@]}")
  if ! kill -0 "$REDIS_PID" 2>/dev/null && kill -0 "$NGINX_PID" 2>/dev/null; then sleep 1; start_redis; fi
done
echo "nginx stopped; stopping the others (see $DATA/*.log)." >&2
