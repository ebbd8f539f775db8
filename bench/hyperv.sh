#!/usr/bin/env bash
# Benchmark: virt-who -p collecting one Hyper-V host with VMS virtual machines (default 1,000) from a WinRM
# service played by a local WireMock (plain http on a free 127.0.0.1 port, Basic authentication asked once).
# Prints, as the median of RUNS counted runs: wall time and max RSS of the whole agent run, and the number of
# HTTP round trips of one collection (WireMock's request journal). BATCH sets how many machines one answer holds
# (default: all, as Windows' 500 KB envelope allows for 1,000 machines); smaller values exercise Pull.
# Usage: bash bench/hyperv.sh [RUNS]
set -euo pipefail
runs=${1:-5}
vms=${VMS:-1000}
batch=${BATCH:-$vms}
repo=$(cd "$(dirname "$0")/.." && pwd)
agent=$repo/agent/target/virt-who/bin/virt-who
[ -x "$agent" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: scripts/install-packages bench" >&2; exit 1; }

source "$repo/bench/wiremock.sh"

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

python3 "$repo/bench/generate-hyperv.py" "$vms" "$batch" "$work/wiremock/mappings"
start_wiremock --port PORT
admin() { # METHOD PATH: prints WireMock's admin answer
    python3 - "$1" "http://127.0.0.1:$port/__admin/$2" <<'PY'
import sys, urllib.request
method, url = sys.argv[1], sys.argv[2]
data = b'{"method": "ANY", "url": "/wsman"}' if method == "POST" else None
request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(request).read().decode())
PY
}

cat > "$work/bench.conf" <<CONF
[bench]
type=hyperv
server=http://127.0.0.1:$port/wsman
username=bench
password=bench
owner=bench
CONF

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
walls=()
rss=()
trips=()
for run in $(seq 0 "$runs"); do
    admin DELETE requests > /dev/null
    VIRT_WHO_ROOT=$work/root /usr/bin/time -f '%e %M' -o "$work/time" "$agent" -p -c "$work/bench.conf" \
        > "$work/out.json" 2> "$work/err" || { tail -5 "$work/err" >&2; exit 1; }
    count=$(admin POST requests/count | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
    if [ "$run" -eq 0 ]; then   # warm-up; also checks the output
        python3 - "$work/out.json" "$vms" <<'PY' || { tail -5 "$work/err" >&2; exit 1; }
import json, sys
report = json.load(open(sys.argv[1]))
guests = sum(len(h["guestIds"]) for h in report["hypervisors"])
assert len(report["hypervisors"]) == 1 and guests == int(sys.argv[2]), "expected %s guests, got %d" % (sys.argv[2], guests)
PY
        continue
    fi
    read -r wall kb < "$work/time"
    walls+=("$wall")
    rss+=("$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')")
    trips+=("$count")
done
pages=$(( (vms + batch - 1) / batch ))
# Upstream's pattern (estimate from its code): the 401, the v1 fault, the v2 Enumerate, the summary, then one
# Pull per item (the last item comes with EndOfSequence): one per machine, and Enumerate + one Pull for each of
# the three host queries.
upstream=$(( 1 + 1 + 1 + 1 + vms + 3 * 2 ))
echo "hyperv ${vms} VMs (batch $batch, $pages page(s)): median wall $(printf '%s\n' "${walls[@]}" | median) s," \
    "median max RSS $(printf '%s\n' "${rss[@]}" | median) MB, $(printf '%s\n' "${trips[@]}" | median) HTTP round trips" \
    "per collection (upstream's request pattern: $upstream) ($runs runs)"
