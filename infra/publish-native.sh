#!/usr/bin/env bash
# Publishes `sshbot` as one natively compiled program (Native AOT): it starts in milliseconds
# instead of the ~250 ms .NET start-up and JIT cost of the first diagnosis.
#
#   infra/publish-native.sh OUTPUT_DIR      -> OUTPUT_DIR/sshbot, OUTPUT_DIR/sshbot-server
#
# `sshbot serve` in the native build replaces itself with sshbot-server from the same folder,
# so that ASP.NET Core stays out of the program every one-shot command starts.
#
# Needs the .NET SDK and a C toolchain (gcc or clang, for the native link); prints the reason
# and exits non-zero when the publish fails, so callers can fall back to the JIT build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: infra/publish-native.sh OUTPUT_DIR}
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "publish-native: no native build for $(uname -m)" >&2; exit 1 ;;
esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for project in SshBot.App SshBot.Server; do
  dotnet publish "$root/src/$project/$project.csproj" -c Release -r "$rid" -p:PublishAot=true \
    -o "$out" --nologo -v quiet -clp:ErrorsOnly
done
test -x "$out/sshbot" && test -x "$out/sshbot-server"
