#!/usr/bin/env bash
# Backup speed and size: the demo studio plus about 1 GB of mixes (ten 100 MB 96 kHz 24-bit WAVs, each uploaded through
# the portal's real chunk endpoints by bench/upload/UploadBenchClient, so each is a stored file with its row and its
# analysis), backed up with the app's own `backup --to DIR` while the portal runs (Release build, SQLite, its own data
# folder); then one more upload and a second backup into the same folder, which must copy only that file.
# Reports wall and CPU time (/usr/bin/time), the bytes copied, the backup folder's size and the load average.
#
# usage: bench/backup/run.sh [MIXES=10] [MIX_MB=100]
# needs: dotnet, python3, curl, /usr/bin/time. Not part of ./test.sh.
set -euo pipefail
mixes=${1:-10}
mix_mb=${2:-100}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/backup"
data="$out/data"
backup="$out/backup"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-backup}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build (Release)"
dotnet build -c Release "$root/src/MasteringPortal.Web/MasteringPortal.Web.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
dotnet build -c Release "$root/bench/upload/UploadBenchClient/UploadBenchClient.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
app="$root/.build/$BuildSlot/bin/MasteringPortal.Web/Release/net10.0/MasteringPortal.Web.dll"
client="$root/.build/$BuildSlot/bin/UploadBenchClient/Release/net10.0/UploadBenchClient.dll"

base="$out/mix-${mix_mb}MB.wav"
[[ -s "$base" ]] || python3 "$root/bench/upload/make-wav.py" "$base" "$mix_mb"
variant() { # N -> a copy of the base mix with a few different samples, so each is new content
  local f="$out/mix-${mix_mb}MB-$1.wav"
  [[ -s "$f" ]] || python3 - "$base" "$f" "$1" <<'PY'
import shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.copyfile(src, dst)
with open(dst, 'r+b') as f:
    f.seek(1000)
    f.write(n.to_bytes(6, 'little'))
PY
  echo "$f"
}

settings=(--ConnectionStrings:Sqlite="Data Source=$data/portal.db" --Storage:Root="$data/files" --DataProtection:KeysPath="$data/keys")
# Each upload signs in afresh: on a quiet machine eleven sign-ins come faster than the sign-in limit allows.
limits=(--RateLimits:SignIn:PermitLimit=1000 --RateLimits:Uploads:PermitLimit=100000)
rm -rf "$data" "$backup"; mkdir -p "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "== starting the app with the demo on 127.0.0.1:$port (data in $data)"
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$app" --urls "http://127.0.0.1:$port" --Demo:Seed=true "${settings[@]}" "${limits[@]}" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "the app stopped; see $out/server.log" >&2; exit 1; }
  sleep 1
done
read -r project track < <(python3 - "$data/portal.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*db.execute("select t.ProjectId, t.Id from Tracks t join Projects p on p.Id = t.ProjectId where p.Title = 'Late Bus Home'").fetchone())
PY
)
upload() { dotnet "$client" "http://127.0.0.1:$port" engineer@demo.studio Demo-mastering-1 "$project" "$track" "$1" >/dev/null; }

echo "== uploading $mixes mixes of $mix_mb MB"
for i in $(seq 1 "$mixes"); do upload "$(variant "$i")"; done
echo "store: $(du -sb "$data/files" | cut -f1) bytes in $(find "$data/files" -path '*/tmp' -prune -o -path '*/uploads' -prune -o -path '*/jobs' -prune -o -type f -print | wc -l) files; database $(stat -c %s "$data/portal.db") bytes"

run_backup() { # LABEL
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" dotnet "$app" backup --to "$backup" "${settings[@]}" >"$out/backup-$1.txt" 2>&1
  read -r wall user sys < "$out/time.txt"
  echo "$1: wall ${wall}s user ${user}s sys ${sys}s; $(tail -1 "$out/backup-$1.txt"); backup folder $(du -sb "$backup" | cut -f1) bytes; load average before: $load"
}
echo "== full backup into an empty folder (the portal running)"
run_backup full
echo "== one more upload, then a backup into the same folder"
upload "$(variant $((mixes + 1)))"
run_backup incremental
