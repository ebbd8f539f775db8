#!/usr/bin/env bash
# Benchmark: virt-who -p against VMware's vSphere simulator (built from Debian's govmomi, started on 127.0.0.1)
# at 200 hosts / 5,000 VMs and 1,000 hosts / 20,000 VMs, with the Java heap capped at 128 MB. Prints per size,
# median of RUNS runs after one warm-up: the first full collection after login (from the agent's debug log:
# "Logged in" to "Read N host(s)"), the wall time of the whole -p run, its max RSS, and as the floor the
# simulator's own time to answer the same full WaitForUpdatesEx to curl.
# Usage: bash bench/esx.sh [RUNS]     (SIZES="200:5000" to run one size; needs scripts/install-packages vcsim bench)
set -euo pipefail
runs=${1:-5}
sizes=${SIZES:-200:5000 1000:20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
agent=$repo/agent/target/virt-who/bin/virt-who
[ -x "$agent" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: scripts/install-packages bench" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl: scripts/install-packages bench" >&2; exit 1; }
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

# The floor: the simulator's own time to answer the same full WaitForUpdatesEx, asked by curl (login, the same
# container view, collector and filter as the agent), the answer read and thrown away.
floor() { # floor URL; -k because curl's OpenSSL refuses the simulator's 1024-bit RSA key, which Java accepts
    local url=$1 jar=$work/cookies head tail view collector props objects
    head='<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>'
    tail='</soapenv:Body></soapenv:Envelope>'
    call() { curl -s -k -X POST -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: urn:vim25/5.0' \
        -b "$jar" -c "$jar" --data "$head$1$tail" "$url" "${@:2}"; }
    rm -f "$jar"
    call '<Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this><userName>bench</userName><password>bench</password></Login>' > /dev/null
    view=$(call '<CreateContainerView xmlns="urn:vim25"><_this type="ViewManager">ViewManager</_this><container type="Folder">group-d1</container><type>HostSystem</type><type>VirtualMachine</type><type>ClusterComputeResource</type><recursive>true</recursive></CreateContainerView>' \
        | sed -n 's/.*type="ContainerView">\([^<]*\)<.*/\1/p')
    collector=$(call '<CreatePropertyCollector xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this></CreatePropertyCollector>' \
        | sed -n 's/.*type="PropertyCollector">\([^<]*\)<.*/\1/p')
    props='<propSet><type>VirtualMachine</type><all>false</all><pathSet>config.uuid</pathSet><pathSet>config.version</pathSet><pathSet>runtime.powerState</pathSet></propSet><propSet><type>ClusterComputeResource</type><all>false</all><pathSet>name</pathSet></propSet><propSet><type>HostSystem</type><all>false</all><pathSet>name</pathSet><pathSet>vm</pathSet><pathSet>hardware.systemInfo.uuid</pathSet><pathSet>hardware.cpuInfo.numCpuPackages</pathSet><pathSet>parent</pathSet><pathSet>config.product.name</pathSet><pathSet>config.product.version</pathSet><pathSet>config.network.dnsConfig.hostName</pathSet><pathSet>config.network.dnsConfig.domainName</pathSet></propSet>'
    objects="<objectSet><obj type=\"ContainerView\">$view</obj><skip>true</skip><selectSet xsi:type=\"TraversalSpec\"><name>v</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>"
    call "<CreateFilter xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">$collector</_this><spec>$props$objects</spec><partialUpdates>false</partialUpdates></CreateFilter>" > /dev/null
    call "<WaitForUpdatesEx xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">$collector</_this><options><maxWaitSeconds>0</maxWaitSeconds></options></WaitForUpdatesEx>" \
        -o /dev/null -w '%{time_total} %{size_download}\n'
    call '<Logout xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this></Logout>' > /dev/null
}

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
    "$vcsim" -stdin -listen 127.0.0.1:0 -clusters "$clusters" -cluster-hosts 20 -hosts 0 -vms $((vms / clusters)) \
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
    floors=()
    for _ in $(seq 1 "$runs"); do
        read -r seconds bytes < <(floor "$url")
        floors+=("$seconds")
    done
    echo "esx $hosts hosts / $vms VMs (heap capped at 128 MB): median first full collection" \
        "$(printf '%s\n' "${collections[@]}" | median) s, median -p wall $(printf '%s\n' "${walls[@]}" | median) s," \
        "median max RSS $(printf '%s\n' "${rss[@]}" | median) MB ($runs runs);" \
        "the simulator's own answer to the same full WaitForUpdatesEx (curl): $(printf '%s\n' "${floors[@]}" | median) s," \
        "$((bytes / 1000000)) MB"
    exec 3>&-
    wait "$simulator" 2>/dev/null || true
    simulator=
    rm -f "$work/keep-open"
done
