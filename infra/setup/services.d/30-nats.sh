#!/usr/bin/env bash
# Starts the NATS server (JetStream, file storage) the zone tests and experiments use,
# idempotently: installs Debian's nats-server when missing, runs it with
# infra/deploy/nats-server.conf listening only on 127.0.0.1:PORT (SSHBOT_TEST_NATS_PORT, default
# 4222; monitoring on SSHBOT_TEST_NATS_MONITOR_PORT, default PORT+1), with generated passwords kept
# beside its store, and prints exactly one line on stdout:
#   export SSHBOT_TEST_NATS='nats://127.0.0.1:PORT' SSHBOT_TEST_NATS_SECRETS='/tmp/.../secrets.env'
# (secrets.env holds the SSHBOT_NATS_*_PASSWORD lines of the replica and agent users.)
# Everything else goes to stderr, because infra/test.sh sources stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
port=${SSHBOT_TEST_NATS_PORT:-4222}
monitor=${SSHBOT_TEST_NATS_MONITOR_PORT:-$((port + 1))}
base=${TMPDIR:-/tmp}/sshbot-test-nats-$(id -u)-$port
log() { echo "30-nats: $*" >&2; }

if ! command -v nats-server >/dev/null; then
  bash "$here/setup/packages.sh" nats-server >&2
fi

mkdir -p "$base/store"
chmod 700 "$base"
secrets=$base/secrets.env
if [ ! -s "$secrets" ]; then
  ( umask 077
    for user in REPLICA AGENT_DC1 AGENT_OFFICE; do
      echo "SSHBOT_NATS_${user}_PASSWORD=p$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    done >"$secrets" )
fi

running() { [ -s "$base/pid" ] && kill -0 "$(cat "$base/pid")" 2>/dev/null; }
if ! running; then
  log "starting nats-server on 127.0.0.1:$port (monitoring $monitor, store $base/store)"
  ( set -a; . "$secrets"; set +a
    export SSHBOT_NATS_LISTEN=127.0.0.1:$port SSHBOT_NATS_MONITOR=127.0.0.1:$monitor SSHBOT_NATS_STORE=$base/store
    nohup nats-server -c "$here/deploy/nats-server.conf" -l "$base/server.log" </dev/null >/dev/null 2>&1 &
    echo $! >"$base/pid" )
fi
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$monitor") 2>/dev/null && curl -fsS "http://127.0.0.1:$monitor/healthz?js-enabled-only=true" >/dev/null 2>&1; then
    log "ready"
    echo "export SSHBOT_TEST_NATS='nats://127.0.0.1:$port' SSHBOT_TEST_NATS_SECRETS='$secrets'"
    exit 0
  fi
  sleep 0.1
done
log "nats-server did not become ready; see $base/server.log"
exit 1
