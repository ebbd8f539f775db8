#!/usr/bin/env bash
# Benchmark: the daemon's resident memory over an accelerated run. Interval mode with a 1-second interval
# (the test-only floor VIRT_WHO_TEST_INTERVAL_FLOOR) on a fake inventory of HYPERVISORS x GUESTS that changes
# every CHANGE_EVERY seconds, reporting to a local WireMock Candlepin. Samples RSS every SAMPLE seconds for
# DURATION seconds and prints the samples, then min / max / last. Usage: bash bench/daemon-memory.sh
set -euo pipefail
duration=${DURATION:-1800}
sample=${SAMPLE:-30}
change_every=${CHANGE_EVERY:-5}
hypervisors=${HYPERVISORS:-200}
guests=${GUESTS:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
agent=$repo/agent/target/virt-who/bin/virt-who
[ -x "$agent" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)
wiremock_version=$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$repo/pom.xml")
jar=$repo/target/bench/wiremock-standalone-$wiremock_version.jar
[ -f "$jar" ] || (cd "$repo" && ./mvnw -B -q dependency:copy \
    -Dartifact="org.wiremock:wiremock-standalone:$wiremock_version" -DoutputDirectory="$repo/target/bench")

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/wiremock/mappings"
cat > "$work/wiremock/mappings/candlepin.json" <<'JSON'
{"mappings": [
 {"request": {"method": "GET", "urlPath": "/candlepin/status"},
  "response": {"status": 200, "headers": {"Content-Type": "application/json"},
   "body": "{\"result\":true,\"version\":\"5.0.3\",\"managerCapabilities\":[\"hypervisors_async\",\"hypervisors_heartbeat\"]}"}},
 {"request": {"method": "POST", "urlPath": "/candlepin/hypervisors/bench"},
  "response": {"status": 200, "headers": {"Content-Type": "application/json"},
   "body": "{\"id\":\"j\",\"state\":\"FINISHED\",\"resultData\":{\"created\":[],\"updated\":[],\"unchanged\":[],\"failedUpdate\":[]}}"}},
 {"request": {"method": "PUT", "urlPath": "/candlepin/hypervisors/bench/heartbeat"},
  "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\"id\":\"h\",\"state\":\"CREATED\"}"}}
]}
JSON
java -Xmx256m -jar "$jar" --bind-address 127.0.0.1 --https-port "$port" --disable-http --no-request-journal \
    --root-dir "$work/wiremock" --disable-banner > "$work/wiremock.log" 2>&1 &
pids+=($!)
sleep 4

python3 "$repo/bench/generate-fake.py" "$hypervisors" "$guests" > "$work/base.json"
cp "$work/base.json" "$work/fake.json"
mkdir -p "$work/root/etc/virt-who.d"
printf '[global]\nreporter_id=bench\n' > "$work/root/etc/virt-who.conf"
cat > "$work/root/etc/virt-who.d/bench.conf" <<CONF
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
VIRT_WHO_ROOT=$work/root VIRT_WHO_TEST_INTERVAL_FLOOR=1 "$agent" -i 1 > /dev/null 2> "$work/daemon.err" &
daemon=$!
pids+=("$daemon")

# The inventory changes: one guest's state flips every CHANGE_EVERY seconds, so check-ins keep happening.
(
    flip=0
    while true; do
        sleep "$change_every"
        flip=$((1 - flip))
        python3 - "$work/base.json" "$work/fake.json.tmp" "$flip" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
data["hypervisors"][0]["guestIds"][0]["state"] = 1 if sys.argv[3] == "1" else 5
json.dump(data, open(sys.argv[2], "w"))
PY
        mv "$work/fake.json.tmp" "$work/fake.json"
    done
) &
pids+=($!)

echo "seconds rss_mb"
samples=()
for elapsed in $(seq "$sample" "$sample" "$duration"); do
    sleep "$sample"
    kill -0 "$daemon" 2>/dev/null || { echo "the daemon died:"; tail -20 "$work/daemon.err"; exit 1; }
    kb=$(awk '/VmRSS/ { print $2 }' "/proc/$daemon/status")
    mb=$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')
    samples+=("$mb")
    echo "$elapsed $mb"
done
checkins=$(grep -c "Sending updated Host-to-guest mapping" "$work/daemon.err" || true)
printf '%s\n' "${samples[@]}" | sort -n | awk -v last="${samples[-1]}" -v n="$checkins" \
    '{ v[NR] = $1 } END { printf "daemon RSS: min %.1f MB, max %.1f MB, last %.1f MB; %d check-ins\n", v[1], v[NR], last, n }'
