#!/usr/bin/env bash
# Benchmark: virt-who -p against a remote libvirt (test driver served by a private libvirtd over test+tcp on
# 127.0.0.1) with 500 and 5,000 domains. Prints wall time and max RSS per size: median of RUNS runs after one
# warm-up. Usage: bash bench/libvirt.sh [RUNS]   (SIZES="500 5000" to change the sizes)
set -euo pipefail
runs=${1:-5}
sizes=${SIZES:-500 5000}
repo=$(cd "$(dirname "$0")/.." && pwd)
agent=$repo/agent/target/virt-who/bin/virt-who
[ -x "$agent" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: scripts/install-packages bench" >&2; exit 1; }
[ -x /usr/sbin/libvirtd ] || { echo "needs libvirtd: scripts/install-packages libvirt" >&2; exit 1; }

work=$(mktemp -d)
daemon=
cleanup() {
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A private libvirtd: TCP on a free loopback port, no authentication, state and sockets under $work,
# only the built-in drivers (test, remote), nothing under /run/libvirt or /var/lib/libvirt.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work"/{run,home,drivers,log}
cat > "$work/libvirtd.conf" <<CONF
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$port"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_dir = "$work/run"
log_outputs = "3:file:$work/log/libvirtd.log"
max_clients = 50
CONF
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
    LIBVIRT_DRIVER_DIR="$work/drivers" \
    /usr/sbin/libvirtd --listen -f "$work/libvirtd.conf" -p "$work/libvirtd.pid" > "$work/log/stdout" 2>&1 &
daemon=$!
for _ in $(seq 1 200); do
    virsh -c "test+tcp://127.0.0.1:$port/default" version >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || { cat "$work/log/stdout"; exit 1; }
    sleep 0.05
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for size in $sizes; do
    python3 "$repo/bench/generate-libvirt-node.py" "$size" > "$work/node-$size.xml"
    printf '[bench]\ntype=libvirt\nserver=test+tcp://127.0.0.1:%s%s\nowner=bench\n' "$port" "$work/node-$size.xml" \
        > "$work/bench-$size.conf"
    walls=()
    rss=()
    for run in $(seq 0 "$runs"); do
        VIRT_WHO_ROOT=$work/root /usr/bin/time -f '%e %M' -o "$work/time" \
            "$agent" -p -c "$work/bench-$size.conf" > "$work/out.json" 2> "$work/err"
        if [ "$run" -eq 0 ]; then
            guests=$(python3 -c 'import json,sys; print(sum(len(h["guestIds"]) for h in json.load(open(sys.argv[1]))["hypervisors"]))' "$work/out.json")
            [ "$guests" -eq "$size" ] || { echo "expected $size guests, got $guests" >&2; tail "$work/err" >&2; exit 1; }
            continue
        fi
        read -r wall kb < "$work/time"
        walls+=("$wall")
        rss+=("$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')")
    done
    # The test driver parses the node file anew for every connection, which is most of the time at large
    # sizes: libvirt's own client listing the same domains over the same URI is the floor.
    floor=()
    for _ in $(seq 1 "$runs"); do
        /usr/bin/time -f '%e' -o "$work/time" \
            virsh -c "test+tcp://127.0.0.1:$port$work/node-$size.xml" list --all > /dev/null
        floor+=("$(cat "$work/time")")
    done
    echo "libvirt test+tcp $size domains: median wall $(printf '%s\n' "${walls[@]}" | median) s," \
        "median max RSS $(printf '%s\n' "${rss[@]}" | median) MB ($runs runs);" \
        "virsh list --all on the same URI: $(printf '%s\n' "${floor[@]}" | median) s"
done
