# Sourced by the benchmarks that play a server with WireMock's standalone jar (fetched from Maven Central through
# the project's own Maven into target/bench/). Needs $repo and $work; sets $port and $server.
#   start_wiremock [WIREMOCK OPTIONS...]    serves $work/wiremock/ on a free 127.0.0.1 port; returns once it listens

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_wiremock() {
    local version jar
    version=$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$repo/pom.xml")
    jar=$repo/target/bench/wiremock-standalone-$version.jar
    if [ ! -f "$jar" ]; then
        (cd "$repo" && ./mvnw -B -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$version" \
            -DoutputDirectory="$repo/target/bench")
    fi
    port=$(free_port)
    mkdir -p "$work/wiremock/mappings"
    java -jar "$jar" --bind-address 127.0.0.1 --root-dir "$work/wiremock" --disable-banner \
        "${@//PORT/$port}" > "$work/wiremock.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && return 0
        kill -0 "$server" 2>/dev/null || { cat "$work/wiremock.log" >&2; return 1; }
        sleep 0.1
    done
    echo "WireMock did not listen on port $port" >&2
    return 1
}
