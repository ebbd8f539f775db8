#!/usr/bin/env bash
# Benchmark: virt-who -o sending one check-in of HYPERVISORS x GUESTS (default 1,000 x 20) to a Candlepin
# played by a local WireMock (HTTPS on a free 127.0.0.1 port; the job is answered as finished at once).
# Prints wall time and max RSS of the whole run (collect, build the body, send, read the job), median of RUNS.
# Usage: bash bench/checkin.sh [RUNS]
set -euo pipefail
runs=${1:-5}
hypervisors=${HYPERVISORS:-1000}
guests=${GUESTS:-20}
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

mkdir -p "$work/wiremock/mappings"
cat > "$work/wiremock/mappings/checkin.json" <<'JSON'
{"request": {"method": "POST", "urlPath": "/candlepin/hypervisors/bench"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
   "body": "{\"id\":\"bench-job\",\"state\":\"FINISHED\",\"resultData\":{\"created\":[],\"updated\":[],\"unchanged\":[],\"failedUpdate\":[]}}"}}
JSON
cat > "$work/wiremock/mappings/status.json" <<'JSON'
{"request": {"method": "GET", "urlPath": "/candlepin/status"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
   "body": "{\"result\":true,\"version\":\"4.4.0\",\"managerCapabilities\":[\"hypervisors_async\",\"hypervisors_heartbeat\"]}"}}
JSON
start_wiremock --https-port PORT --disable-http --no-request-journal

python3 "$repo/bench/generate-fake.py" "$hypervisors" "$guests" > "$work/fake.json"
cat > "$work/bench.conf" <<CONF
[bench]
type=fake
file=$work/fake.json
owner=bench
rhsm_hostname=127.0.0.1
rhsm_port=$port
rhsm_prefix=/candlepin
rhsm_insecure=1
rhsm_username=bench
rhsm_password=bench
CONF

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
walls=()
rss=()
for run in $(seq 0 "$runs"); do
    VIRT_WHO_ROOT=$work/root /usr/bin/time -f '%e %M' -o "$work/time" "$agent" -o -c "$work/bench.conf" \
        > /dev/null 2> "$work/err" || { tail -5 "$work/err" >&2; exit 1; }
    [ "$run" -eq 0 ] && continue   # warm-up
    read -r wall kb < "$work/time"
    walls+=("$wall")
    rss+=("$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')")
done
echo "check-in ${hypervisors}x${guests}: median wall $(printf '%s\n' "${walls[@]}" | median) s," \
    "median max RSS $(printf '%s\n' "${rss[@]}" | median) MB ($runs runs)"
