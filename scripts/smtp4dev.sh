#!/usr/bin/env bash
# Starts smtp4dev (the .NET tool in dotnet-tools.json) for the tests: an in-memory SMTP server on a free loopback port and
# its web API for reading what arrived. Usage: scripts/smtp4dev.sh DIR
# Prints three lines KEY=VALUE (MP_TEST_SMTP_PORT, MP_TEST_SMTP_API, SMTP4DEV_PID); the caller stops it by that PID.
# Runs the tool's own executable rather than `dotnet smtp4dev`, so the PID is the server's and nothing outlives it.
set -uo pipefail
DIR=${1:?usage: smtp4dev.sh DIR}
mkdir -p "$DIR"
cd "$(dirname "$0")/.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dotnet tool restore >/dev/null || exit 1
VERSION=$(python3 -c 'import json; print(json.load(open("dotnet-tools.json"))["tools"]["rnwood.smtp4dev"]["version"])')
PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}
BIN=$(ls "$PACKAGES"/rnwood.smtp4dev.linux-x64/"$VERSION"/tools/*/linux-x64/Rnwood.Smtp4dev 2>/dev/null | head -1)
[ -x "$BIN" ] || { echo "smtp4dev $VERSION not found under $PACKAGES" >&2; exit 1; }
SMTP=$(free_port); WEB=$(free_port); IMAP=$(free_port); POP3=$(free_port)
"$BIN" --urls="http://127.0.0.1:$WEB" --smtpport="$SMTP" --imapport="$IMAP" --pop3port="$POP3" --bindaddress=127.0.0.1 \
  --disableipv6 --db= --nousersettings --baseappdatapath="$DIR" --hostname=localhost >"$DIR/smtp4dev.log" 2>&1 </dev/null &
PID=$!
for _ in $(seq 120); do
  if curl -fs "http://127.0.0.1:$WEB/api/messages" >/dev/null 2>&1; then
    echo "MP_TEST_SMTP_PORT=$SMTP"; echo "MP_TEST_SMTP_API=http://127.0.0.1:$WEB"; echo "SMTP4DEV_PID=$PID"; exit 0
  fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.5
done
echo "smtp4dev did not start:" >&2; tail -20 "$DIR/smtp4dev.log" >&2
kill "$PID" 2>/dev/null; exit 1
