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

# WireMock's standalone jar comes from Maven Central through the project's own Maven; it stays in target/.
wiremock_version=$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$repo/pom.xml")
jar=$repo/target/bench/wiremock-standalone-$wiremock_version.jar
if [ ! -f "$jar" ]; then
    (cd "$repo" && ./mvnw -B -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$wiremock_version" \
        -DoutputDirectory="$repo/target/bench")
fi

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
java -jar "$jar" --bind-address 127.0.0.1 --https-port "$port" --disable-http --no-request-journal \
    --root-dir "$work/wiremock" --disable-banner > "$work/wiremock.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/wiremock.log"; exit 1; }
    sleep 0.1
done

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
