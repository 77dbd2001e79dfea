#!/usr/bin/env bash
# Starts the MasteringPortal demo on http://127.0.0.1:5000 with SQLite and files under ./data.
# Installs what is missing, applies migrations, seeds a demo studio on first start, prints the logins.
# The demo is turned on for this run only (Demo__Seed=true); appsettings.json ships with it off, so a real
# deployment starts with the set-up page instead. DEMO=0 ./run.sh starts without the demo.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "MasteringPortal needs the .NET 10 SDK. Install it (https://dot.net/install), then run ./run.sh again." >&2
  exit 1
fi

# ffmpeg decodes and encodes MP3, AAC, FLAC and friends; WAV and AIFF work without it.
if ! command -v ffmpeg >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ffmpeg ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
  else
    echo "ffmpeg is not installed, and installing it needs root. Please run:"
    echo "    sudo apt-get update && sudo apt-get install -y ffmpeg"
    echo "Continuing without it: WAV and AIFF work, other formats will be refused with a clear message."
  fi
fi

if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "The page scripts need Node.js and npm. Please run: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

echo "Building ..."
dotnet build src/MasteringPortal.Web/MasteringPortal.Web.csproj -c Release -nologo -clp:ErrorsOnly -v:q

# ./run.sh backup --to DIR / ./run.sh restore --from DIR: the same binary and configuration, then exit (docs/BACKUP.md).
case "${1:-}" in
  backup|restore) exec dotnet src/MasteringPortal.Web/bin/Release/net10.0/MasteringPortal.Web.dll "$@" ;;
esac

mkdir -p data
# Migrations and the demo seed run at start-up (Database:MigrateOnStartup, Demo:Seed).
# The app prints the demo logins once it is listening.
if [ "${DEMO:-1}" != 0 ]; then
  export Demo__Seed=true
  echo "Demo mode: a demo studio with public passwords is seeded into ./data (DEMO=0 ./run.sh turns it off)."
else
  export Demo__Seed=false
fi
exec dotnet src/MasteringPortal.Web/bin/Release/net10.0/MasteringPortal.Web.dll --urls "${URLS:-http://127.0.0.1:5000}"
