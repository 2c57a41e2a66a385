#!/usr/bin/env bash
# A throwaway Virtuoso open source (Debian package virtuoso-opensource, 7.2) on loopback,
# for tests, CI and trying the remote store by hand.
#
#   scripts/virtuoso.sh start DIR [HTTP_PORT [SQL_PORT]]
#       Makes DIR (the database, its log and virtuoso.ini live there), starts virtuoso-t on
#       127.0.0.1 (free ports unless given), waits until it answers, allows anonymous SPARQL
#       updates, and prints the store URL: sparql+http://127.0.0.1:HTTP_PORT/sparql
#   scripts/virtuoso.sh stop DIR
#       Stops the server started in DIR (the folder is left for you to remove).
#   scripts/virtuoso.sh check
#       Exits 0 when virtuoso-t and isql-vt are installed, else 1 with the reason.
#
# Never use this configuration for anything but throwaway data: the dba password is the
# package's default (dba) and anyone who can reach the port may update the store.
set -euo pipefail

TEMPLATE=${VIRTUOSO_INI:-/etc/virtuoso-opensource-7/virtuoso.ini}

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

check() {
    command -v virtuoso-t >/dev/null || die "virtuoso-t is not installed (apt-get install virtuoso-opensource)"
    command -v isql-vt >/dev/null || die "isql-vt is not installed (apt-get install virtuoso-opensource)"
    [ -r "$TEMPLATE" ] || die "no configuration template at $TEMPLATE"
}

start() {
    local dir=$1 http_port=${2:-} sql_port=${3:-}
    check
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -n "$http_port" ] || http_port=$(free_port)
    [ -n "$sql_port" ] || sql_port=$(free_port)
    if [ -f "$dir/virtuoso.pid" ] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
        die "a server started in $dir is still running (pid $(cat "$dir/virtuoso.pid"))"
    fi
    # The package's ini with: the database in DIR, both ports on loopback, DIR allowed for
    # bulk loads, and result sets not cut at the default 10000 rows.
    awk -v dir="$dir" -v http="127.0.0.1:$http_port" -v sql="127.0.0.1:$sql_port" '
        /^\[/ { section = $0 }
        /^[ \t]*(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)[ \t]*=/ {
            n = split($3, parts, "/"); print $1 " = " dir "/" parts[n]; next }
        section == "[Parameters]" && /^[ \t]*ServerPort[ \t]*=/ { print "ServerPort = " sql; next }
        section == "[HTTPServer]" && /^[ \t]*ServerPort[ \t]*=/ { print "ServerPort = " http; next }
        /^[ \t]*DirsAllowed[ \t]*=/ { print $0 ", " dir; next }
        /^[ \t]*ResultSetMaxRows[ \t]*=/ { print "ResultSetMaxRows = 1000000"; next }
        /^[ \t]*DefaultHost[ \t]*=/ { print "DefaultHost = " http; next }
        { print }
    ' "$TEMPLATE" > "$dir/virtuoso.ini"
    echo "$sql_port" > "$dir/sql.port"
    echo "$http_port" > "$dir/http.port"
    (cd "$dir" && exec virtuoso-t +configfile "$dir/virtuoso.ini" +foreground \
        > "$dir/stdout.log" 2>&1) &
    echo $! > "$dir/virtuoso.pid"
    local deadline=$((SECONDS + ${VIRTUOSO_START_TIMEOUT:-60}))
    until isql-vt "127.0.0.1:$sql_port" dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";' \
            >"$dir/grant.log" 2>&1; do
        if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            tail -n 5 "$dir/virtuoso.log" "$dir/stdout.log" >&2 2>/dev/null || true
            die "virtuoso-t exited while starting (see $dir/virtuoso.log)"
        fi
        if [ $SECONDS -ge $deadline ]; then
            stop "$dir"
            die "virtuoso-t did not answer within ${VIRTUOSO_START_TIMEOUT:-60} s"
        fi
        sleep 0.5
    done
    until python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D', timeout=2)" \
            2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { stop "$dir"; die "the SPARQL endpoint did not answer"; }
        sleep 0.3
    done
    echo "sparql+http://127.0.0.1:$http_port/sparql"
}

stop() {
    local dir=$1 pid
    [ -f "$dir/virtuoso.pid" ] || die "no server was started in $dir"
    pid=$(cat "$dir/virtuoso.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$dir/virtuoso.pid"
}

case "${1:-}" in
    start) [ $# -ge 2 ] || die "usage: $0 start DIR [HTTP_PORT [SQL_PORT]]"; start "$2" "${3:-}" "${4:-}" ;;
    stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
    check) check ;;
    *) die "usage: $0 start DIR [HTTP_PORT [SQL_PORT]] | stop DIR | check" ;;
esac
