#!/usr/bin/env bash
# A real 3-node OpenSearch cluster on 127.0.0.1, from the official distribution.
#
#   scripts/opensearch-cluster.sh install            JDK 17 + Maven (apt), fetch and unpack, user
#   scripts/opensearch-cluster.sh start              install, start 3 nodes, wait for green
#   scripts/opensearch-cluster.sh stop               stop every node (SIGTERM, then wait)
#   scripts/opensearch-cluster.sh status             nodes, pids and cluster health
#   scripts/opensearch-cluster.sh url                the nodes' URLs, comma-separated
#   scripts/opensearch-cluster.sh dir                this cluster's folder (ports, pids, logs)
#   scripts/opensearch-cluster.sh start-node N       (re)start node N (1-3) and wait for green
#
# Settings (environment):
#   OPENSEARCH_VERSION     distribution version (2.19.3: the 2.19 line is the newest on Java 17)
#   OPENSEARCH_CLUSTER     name of this cluster's folder under the runtime folder (default
#                          cluster): its nodes' data, logs, ports and pids
#   OPENSEARCH_RUNTIME     where the distribution and clusters live (default var/opensearch;
#                          /var/tmp/xunshi-opensearch-<hash> when the nodes' user cannot
#                          reach this checkout, e.g. one under /root)
#   OPENSEARCH_HTTP_PORT   first of three consecutive HTTP ports (default: three free ports);
#                          transport ports are then HTTP + 100
#   OPENSEARCH_HEAP        heap per node (default 512m: three nodes share a 2-core machine)
#   OPENSEARCH_USER        unprivileged user that runs the nodes (OpenSearch refuses root)
#   OPENSEARCH_WAIT        seconds to wait for green before giving up (default 600)
#
# The distribution is `org.opensearch.distribution.integ-test-zip:opensearch` from Maven
# Central: the server with only the transport-netty4 module, no security plugin (so
# security is off) and no bundled JDK. Everything the search backend uses is in the
# server itself: the whitespace analyzer, match_phrase/term/bool queries, terms,
# filter and stats_bucket aggregations, track_total_hits, search_after, aliases.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${OPENSEARCH_VERSION:-2.19.3}"
HEAP="${OPENSEARCH_HEAP:-512m}"
OS_USER="${OPENSEARCH_USER:-xunshi-opensearch}"
WAIT="${OPENSEARCH_WAIT:-600}"
NODES=(1 2 3)
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
JAVA_HOME_17="/usr/lib/jvm/java-17-openjdk-$ARCH"

say() { echo "opensearch: $*" >&2; }
die() { echo "opensearch: error: $*" >&2; exit 1; }

resolve_paths() {  # the runtime folder must be reachable by the nodes' user
    RUNTIME="${OPENSEARCH_RUNTIME:-$ROOT/var/opensearch}"
    if [ -z "${OPENSEARCH_RUNTIME:-}" ] && id -u "$OS_USER" >/dev/null 2>&1 \
            && ! runuser -u "$OS_USER" -- test -x "$ROOT" 2>/dev/null; then
        RUNTIME="/var/tmp/xunshi-opensearch-$(echo "$ROOT" | md5sum | cut -c1-8)"
    fi
    DIST="$RUNTIME/opensearch-$VERSION"
    CLUSTER_DIR="$RUNTIME/${OPENSEARCH_CLUSTER:-cluster}"
}
resolve_paths

apt_install() {
    say "installing $* (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install() {
    [ "$(id -u)" -eq 0 ] || die "run as root: it installs packages and creates the user $OS_USER"
    [ -x "$JAVA_HOME_17/bin/java" ] || apt_install openjdk-17-jre-headless
    command -v mvn >/dev/null 2>&1 || apt_install maven
    id -u "$OS_USER" >/dev/null 2>&1 || {
        say "creating the unprivileged user $OS_USER ..."
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
        resolve_paths
    }
    if [ ! -x "$DIST/bin/opensearch" ]; then
        mkdir -p "$RUNTIME"
        local zip="$RUNTIME/opensearch-$VERSION.zip"
        if [ ! -s "$zip" ]; then
            say "fetching OpenSearch $VERSION (Maven Central, about 50 MB) ..."
            JAVA_HOME="$JAVA_HOME_17" mvn -q -B -Dstyle.color=never dependency:copy \
                -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" \
                -DoutputDirectory="$RUNTIME" -Dmdep.overWriteReleases=true \
                || die "could not fetch the OpenSearch $VERSION distribution with mvn"
        fi
        say "unpacking $zip ..."
        rm -rf "$DIST.tmp"
        mkdir -p "$DIST.tmp"
        # Python's zipfile keeps no file modes: restore them from the archive.
        python3 - "$zip" "$DIST.tmp" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        path = z.extract(info, sys.argv[2])
        mode = info.external_attr >> 16
        if mode and not info.is_dir():
            os.chmod(path, mode & 0o777)
EOF
        mv "$DIST.tmp/opensearch-$VERSION" "$DIST"
        rm -rf "$DIST.tmp" "$zip"
        chmod -R a+rX "$DIST"
    fi
    runuser -u "$OS_USER" -- test -r "$DIST/bin/opensearch" \
        || die "$OS_USER cannot read $DIST: give every folder above it a+x (or set OPENSEARCH_RUNTIME)"
}

free_ports() {  # N free TCP ports on 127.0.0.1, below the ephemeral range
    # A node killed by the failover test restarts on its old ports. A port from the
    # ephemeral range could meanwhile become the local end of any outgoing connection on
    # the machine, so the ports come from below it (and are held together so they differ).
    python3 - "$1" <<'EOF'
import random, socket, sys
with open("/proc/sys/net/ipv4/ip_local_port_range") as fh:
    low = int(fh.read().split()[0])
socks = []
for port in random.sample(range(10000, max(low, 10001)), k=min(4000, max(low - 10000, 1))):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    socks.append(s)
    if len(socks) == int(sys.argv[1]):
        break
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

health() {  # cluster health JSON from any live node, or nothing
    local port
    for port in $(http_ports); do
        curl_json "http://127.0.0.1:$port/_cluster/health" && return 0
    done
    return 1
}

curl_json() {
    python3 - "$1" <<'EOF'
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())
except Exception:
    sys.exit(1)
EOF
}

http_ports() { [ -f "$CLUSTER_DIR/ports" ] && sed -n 1p "$CLUSTER_DIR/ports"; }
transport_ports() { sed -n 2p "$CLUSTER_DIR/ports"; }
pid_of() { cat "$CLUSTER_DIR/node-$1/pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

configure() {
    local http transport name
    if [ -n "${OPENSEARCH_HTTP_PORT:-}" ]; then
        local p="$OPENSEARCH_HTTP_PORT"
        http="$p $((p + 1)) $((p + 2))"
        transport="$((p + 100)) $((p + 101)) $((p + 102))"
    else
        read -r -a all <<<"$(free_ports 6)"
        http="${all[*]:0:3}"
        transport="${all[*]:3:3}"
    fi
    # A name of its own, so two clusters on one machine never join each other; kept
    # across restarts, since the nodes' data belongs to it.
    name="$(sed -n 3p "$CLUSTER_DIR/ports" 2>/dev/null || true)"
    [ -n "$name" ] || name="xunshi-$(python3 -c 'import secrets; print(secrets.token_hex(4))')"
    mkdir -p "$CLUSTER_DIR"
    printf '%s\n%s\n%s\n' "$http" "$transport" "$name" >"$CLUSTER_DIR/ports"
    local -a hp tp
    read -r -a hp <<<"$http"
    read -r -a tp <<<"$transport"
    local seeds="127.0.0.1:${tp[0]}, 127.0.0.1:${tp[1]}, 127.0.0.1:${tp[2]}"
    for n in "${NODES[@]}"; do
        local dir="$CLUSTER_DIR/node-$n"
        mkdir -p "$dir/config" "$dir/data" "$dir/logs"
        cp "$DIST/config/log4j2.properties" "$dir/config/"
        # jvm.options names logs/ and data/ relative to the distribution: use the node's.
        sed -e "s#=logs/#=$dir/logs/#; s#file=logs/#file=$dir/logs/#; s#HeapDumpPath=data#HeapDumpPath=$dir/data#" \
            -e "s#^-Xm\([sx]\)1g#-Xm\1$HEAP#" "$DIST/config/jvm.options" >"$dir/config/jvm.options"
        mkdir -p "$dir/config/jvm.options.d"
        cat >"$dir/config/opensearch.yml" <<EOF
cluster.name: $name
node.name: node-$n
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: ${hp[$((n - 1))]}
transport.port: ${tp[$((n - 1))]}
discovery.seed_hosts: [$seeds]
cluster.initial_cluster_manager_nodes: [node-1, node-2, node-3]
# Shared disks are often past the default watermarks; a test cluster must still allocate.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    done
    chown -R "$OS_USER" "$CLUSTER_DIR"
}

start_node() {
    local n="$1" dir="$CLUSTER_DIR/node-$1"
    if alive "$n"; then return 0; fi
    # setsid and setpriv exec (no fork) and bin/opensearch execs java, so $! is the JVM:
    # the pid that `stop` signals and the node-kill test SIGKILLs. Its own session keeps
    # it out of the caller's process group (a test runner's Ctrl-C is not a node crash).
    setsid setpriv --reuid="$OS_USER" --regid="$OS_USER" --clear-groups \
        env -i PATH=/usr/bin:/bin HOME=/tmp \
        OPENSEARCH_JAVA_HOME="$JAVA_HOME_17" OPENSEARCH_PATH_CONF="$dir/config" \
        "$DIST/bin/opensearch" -q </dev/null >"$dir/console.out" 2>&1 &
    echo $! >"$dir/pid"
    touch "$dir/started"
}

wait_green() {
    local deadline=$((SECONDS + WAIT)) h=""
    say "waiting for 3 nodes and green health (up to ${WAIT}s) ..."
    while [ $SECONDS -lt $deadline ]; do
        for n in "${NODES[@]}"; do
            alive "$n" || [ ! -f "$CLUSTER_DIR/node-$n/started" ] || {
                tail -n 20 "$CLUSTER_DIR/node-$n/console.out" >&2
                grep -h -E "ERROR|Exception" "$CLUSTER_DIR/node-$n"/logs/*.log 2>/dev/null \
                    | tail -n 8 >&2
                die "node-$n exited: see $CLUSTER_DIR/node-$n/logs"; }
        done
        h="$(health || true)"
        if [ -n "$h" ] && python3 -c '
import json, sys
h = json.loads(sys.argv[1])
sys.exit(not (h["status"] == "green" and h["number_of_nodes"] == 3
              and h["initializing_shards"] == 0 and h["relocating_shards"] == 0))' "$h"; then
            echo "$h"
            return 0
        fi
        sleep 1
    done
    die "cluster not green after ${WAIT}s (last health: ${h:-none}); logs in $CLUSTER_DIR/node-*/logs"
}

start() {
    install
    if [ -f "$CLUSTER_DIR/ports" ] && alive 1 && alive 2 && alive 3; then
        say "already running"
    else
        stop_nodes quiet
        configure
        say "starting 3 nodes (heap $HEAP each) ..."
        for n in "${NODES[@]}"; do start_node "$n"; done
    fi
    wait_green >/dev/null
    status
}

stop_nodes() {
    local n pid
    for n in "${NODES[@]}"; do
        pid="$(pid_of "$n")"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            [ "${1:-}" = quiet ] || say "stopping node-$n (pid $pid) ..."
            kill -TERM "$pid"
        fi
    done
    for n in "${NODES[@]}"; do
        pid="$(pid_of "$n")"
        local waited=0
        while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
            sleep 0.5
            waited=$((waited + 1))
            if [ $waited -ge 120 ]; then kill -KILL "$pid" 2>/dev/null || true; fi
        done
        rm -f "$CLUSTER_DIR/node-$n/pid" "$CLUSTER_DIR/node-$n/started"
    done
}

status() {
    [ -f "$CLUSTER_DIR/ports" ] || { echo "no cluster in $CLUSTER_DIR"; return 1; }
    local -a hp
    read -r -a hp <<<"$(http_ports)"
    for n in "${NODES[@]}"; do
        if alive "$n"; then state="running (pid $(pid_of "$n"))"; else state="stopped"; fi
        echo "node-$n  http://127.0.0.1:${hp[$((n - 1))]}  $state"
    done
    echo "health: $(health || echo unreachable)"
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) [ -f "$CLUSTER_DIR/ports" ] && stop_nodes; say "stopped" ;;
    status) status ;;
    dir) echo "$CLUSTER_DIR" ;;
    url) http_ports | tr ' ' '\n' | sed 's#^#http://127.0.0.1:#' | paste -sd, ;;
    start-node)
        [[ "${2:-}" =~ ^[123]$ ]] || die "start-node needs a node number 1-3"
        start_node "$2"
        wait_green >/dev/null
        ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
