#!/usr/bin/env bash
# Benchmark: virt-who -p against VMware's vSphere simulator (built from Debian's govmomi, started on 127.0.0.1)
# at 200 hosts / 5,000 VMs and 1,000 hosts / 20,000 VMs, with the Java heap capped at 128 MB. Prints per size,
# median of RUNS runs after one warm-up: the first full collection after login (from the agent's debug log:
# "Logged in" to "Read N host(s)"), the wall time of the whole -p run, and its max RSS.
# Usage: bash bench/esx.sh [RUNS]     (SIZES="200:5000" to run one size; needs scripts/install-packages vcsim bench)
set -euo pipefail
runs=${1:-5}
sizes=${SIZES:-200:5000 1000:20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
agent=$repo/agent/target/virt-who/bin/virt-who
[ -x "$agent" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: scripts/install-packages bench" >&2; exit 1; }
command -v go >/dev/null || { echo "needs Go and govmomi: scripts/install-packages vcsim" >&2; exit 1; }

vcsim=$repo/target/bench/vcsim
[ -x "$vcsim" ] && [ "$vcsim" -nt "$repo/backends/src/test/vcsim/main.go" ] \
    || "$repo/backends/src/test/vcsim/build" "$vcsim"

work=$(mktemp -d)
simulator=
cleanup() {
    [ -n "$simulator" ] && kill "$simulator" 2>/dev/null && wait "$simulator" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
millis() { # the time of day of a log line, in ms
    sed -n 's/^[0-9-]* \([0-9]*\):\([0-9]*\):\([0-9]*\),\([0-9]*\) .*/\1 \2 \3 \4/p' | head -1 \
        | awk '{ printf "%d\n", (($1 * 60 + $2) * 60 + $3) * 1000 + $4 }'
}

for size in $sizes; do
    hosts=${size%%:*}
    vms=${size##*:}
    # 20 hosts per cluster; -vms counts VMs per cluster.
    clusters=$((hosts / 20))
    mkfifo "$work/keep-open"
    "$vcsim" -listen 127.0.0.1:0 -clusters "$clusters" -cluster-hosts 20 -hosts 0 -vms $((vms / clusters)) \
        -cert-out "$work/vcsim.pem" < "$work/keep-open" > "$work/vcsim.out" 2>&1 &
    simulator=$!
    exec 3> "$work/keep-open"
    started=$(date +%s)
    until grep -q '^ready' "$work/vcsim.out"; do
        kill -0 "$simulator" 2>/dev/null || { cat "$work/vcsim.out"; exit 1; }
        sleep 0.2
    done
    url=$(awk '/^ready/ { print $2 }' "$work/vcsim.out")
    echo "simulator with $hosts hosts / $vms VMs ready in $(( $(date +%s) - started )) s: $url" >&2
    cat > "$work/bench.conf" <<CONF
[bench]
type=esx
server=${url%/sdk}
username=bench
password=bench
owner=bench
ca_cert=$work/vcsim.pem
CONF
    collections=()
    walls=()
    rss=()
    for run in $(seq 0 "$runs"); do
        VIRT_WHO_ROOT=$work/root VIRT_WHO_JAVA_OPTS=-Xmx128m /usr/bin/time -f '%e %M' -o "$work/time" \
            "$agent" -d -p -c "$work/bench.conf" > "$work/out.json" 2> "$work/err"
        if [ "$run" -eq 0 ]; then
            guests=$(python3 -c 'import json,sys; print(sum(len(h["guestIds"]) for h in json.load(open(sys.argv[1]))["hypervisors"]))' "$work/out.json")
            [ "$guests" -eq "$vms" ] || { echo "expected $vms guests, got $guests" >&2; tail "$work/err" >&2; exit 1; }
            continue
        fi
        login=$(grep 'Logged in to' "$work/err" | millis)
        read_all=$(grep 'Read [0-9]* host(s)' "$work/err" | millis)
        collections+=("$(awk -v a="$login" -v b="$read_all" 'BEGIN { printf "%.2f", (b - a) / 1000 }')")
        read -r wall kb < "$work/time"
        walls+=("$wall")
        rss+=("$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')")
    done
    echo "esx $hosts hosts / $vms VMs (heap capped at 128 MB): median first full collection" \
        "$(printf '%s\n' "${collections[@]}" | median) s, median -p wall $(printf '%s\n' "${walls[@]}" | median) s," \
        "median max RSS $(printf '%s\n' "${rss[@]}" | median) MB ($runs runs)"
    exec 3>&-
    wait "$simulator" 2>/dev/null || true
    simulator=
    rm -f "$work/keep-open"
done
