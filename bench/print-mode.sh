#!/usr/bin/env bash
# Benchmark of print mode (virt-who -p) on a generated fake-backend file.
#
# Usage: bash bench/print-mode.sh [RUNS]
#   RUNS          counted runs, default 5 (one extra warm-up run is made first)
#   HYPERVISORS   hypervisors in the fake file, default 1000
#   GUESTS        guests per hypervisor, default 20
#
# Prints wall-clock time and maximum resident set size of each run, as measured
# by /usr/bin/time -v, and then their medians. Builds the distribution first
# (./mvnw -B -q package -DskipTests) when agent/target/virt-who is missing.
set -euo pipefail

RUNS="${1:-5}"
HYPERVISORS="${HYPERVISORS:-1000}"
GUESTS="${GUESTS:-20}"

die() {
    echo "print-mode: $*" >&2
    exit 1
}

for n in "$RUNS" "$HYPERVISORS" "$GUESTS"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "RUNS, HYPERVISORS and GUESTS must be non-negative integers (got '$n')"
done
(( RUNS >= 1 )) || die "RUNS must be at least 1"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LAUNCHER="$REPO_ROOT/agent/target/virt-who/bin/virt-who"
TIME=/usr/bin/time

if [[ ! -x "$TIME" ]]; then
    echo "print-mode: $TIME not found; it is needed to measure wall time and memory." >&2
    echo "print-mode: install the 'time' package (apt-get install time / dnf install time) and try again." >&2
    exit 1
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the fake file and check the output"

if [[ ! -x "$LAUNCHER" ]]; then
    echo "print-mode: $LAUNCHER is missing; building the distribution (./mvnw -B -q package -DskipTests)" >&2
    (cd "$REPO_ROOT" && ./mvnw -B -q package -DskipTests)
    [[ -x "$LAUNCHER" ]] || die "the build finished but $LAUNCHER still does not exist"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/virt-who-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

FAKE="$WORK/fake.json"
CONF="$WORK/bench.conf"
OUT="$WORK/out.json"
TIMES="$WORK/time.txt"
mkdir -p "$WORK/root"

python3 "$SCRIPT_DIR/generate-fake.py" "$HYPERVISORS" "$GUESTS" >"$FAKE"
cat >"$CONF" <<EOF
[bench]
type=fake
file=$FAKE
is_hypervisor=true
EOF

# Runs the agent once; leaves its stdout in $OUT and its stderr, followed by the
# report of /usr/bin/time -v, in $TIMES.
run_once() {
    local status=0
    (cd "$REPO_ROOT" && VIRT_WHO_ROOT="$WORK/root" "$TIME" -v "$LAUNCHER" -p -c "$CONF" >"$OUT" 2>"$TIMES") || status=$?
    if (( status != 0 )); then
        echo "print-mode: virt-who -p exited with status $status; its stderr:" >&2
        tail -n 60 "$TIMES" >&2
        exit 1
    fi
}

# Prints "WALL_SECONDS MAX_RSS_KB" from the /usr/bin/time -v report in $TIMES.
# The agent's own log lines share that file, so only the two exact labels count.
parse_times() {
    python3 - "$TIMES" <<'PY'
import sys
wall = rss = None
with open(sys.argv[1], errors="replace") as f:
    for line in f:
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time (h:mm:ss or m:ss):"):
            value = line.rsplit(" ", 1)[1]
            seconds = 0.0
            for part in value.split(":"):
                seconds = seconds * 60 + float(part)
            wall = seconds
        elif line.startswith("Maximum resident set size (kbytes):"):
            rss = int(line.rsplit(" ", 1)[1])
if wall is None or rss is None:
    sys.exit("print-mode: no /usr/bin/time -v figures in " + sys.argv[1])
print("%.2f %d" % (wall, rss))
PY
}

# Fails loudly unless $OUT is one JSON document listing every hypervisor (and,
# when the entries carry a "guestIds" or "guests" list, every guest).
check_output() {
    python3 - "$OUT" "$HYPERVISORS" "$GUESTS" <<'PY'
import json, sys
path, hypervisors, guests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    with open(path) as f:
        data = json.load(f)
except ValueError as e:
    with open(path, errors="replace") as f:
        head = f.read(500)
    sys.exit("print-mode: output is not valid JSON (%s); it begins:\n%s" % (e, head))
if not isinstance(data, dict) or not isinstance(data.get("hypervisors"), list):
    sys.exit("print-mode: output has no \"hypervisors\" list; top-level keys: %r"
             % (sorted(data) if isinstance(data, dict) else type(data).__name__))
found = len(data["hypervisors"])
if found != hypervisors:
    sys.exit("print-mode: output lists %d hypervisors, expected %d" % (found, hypervisors))
counts = []
for h in data["hypervisors"]:
    if isinstance(h, dict):
        listed = h.get("guestIds", h.get("guests"))
        if isinstance(listed, list):
            counts.append(len(listed))
if len(counts) == found and sum(counts) != hypervisors * guests:
    sys.exit("print-mode: output lists %d guests, expected %d" % (sum(counts), hypervisors * guests))
PY
}

echo "print-mode ${HYPERVISORS}x${GUESTS}: $(wc -c <"$FAKE") byte fake file, 1 warm-up run + $RUNS counted runs"

run_once
walls=()
rsss=()
for ((i = 1; i <= RUNS; i++)); do
    run_once
    if (( i == 1 )); then
        check_output
    fi
    figures="$(parse_times)"
    read -r wall rss <<<"$figures"
    walls+=("$wall")
    rsss+=("$rss")
    printf 'run %d: wall %s s, max RSS %s MB\n' "$i" "$wall" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
done

python3 - "$HYPERVISORS" "$GUESTS" "$RUNS" "${walls[*]}" "${rsss[*]}" <<'PY'
import statistics, sys
hypervisors, guests, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
walls = [float(w) for w in sys.argv[4].split()]
rsss = [int(r) / 1024 for r in sys.argv[5].split()]
print("print-mode %sx%s: median wall %.2f s, median max RSS %.1f MB (%d runs)"
      % (hypervisors, guests, statistics.median(walls), statistics.median(rsss), runs))
PY
