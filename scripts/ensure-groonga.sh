#!/usr/bin/env bash
# Install Debian's Groonga (the benchmark's CJK anchor engine), once and quietly.
# The bench and its test run `groonga` as a local HTTP server; nothing else uses it.
set -euo pipefail
command -v groonga >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing groonga-bin (benchmark anchor engine) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends groonga-bin >/dev/null
