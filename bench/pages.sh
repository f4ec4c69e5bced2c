#!/usr/bin/env bash
# First-page times of `hkg serve`: every library listing (limit 100, first page and a page
# near the end), name search and a reconciliation batch, over a store built by bench/run.sh.
#
#   bench/pages.sh STORE          e.g. bench/pages.sh /tmp/hkg-bench/store-100000
#
# Starts `hkg serve` on a free port, asks each URL three times and prints the last (warm)
# time, as curl measures it (request sent to last byte read), then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hkg-target}"
cargo build --release --quiet
HKG="$CARGO_TARGET_DIR/release/hkg"
STORE="${1:?usage: bench/pages.sh STORE}"
LOG=$(mktemp)
"$HKG" serve --store "$STORE" --bind 127.0.0.1:0 > "$LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q listening "$LOG" && break; sleep 0.1; done
B=$(sed -n 's|listening on \(.*\)/sparql|\1|p' "$LOG")

warm() { local t; for _ in 1 2 3; do t=$(curl -s -o /dev/null -w '%{time_total}' "$@"); done; echo "$t"; }

printf 'query\trows\tfirst page s\tpage near the end s\n'
for q in awards-by-recipient branches-per-hospital dual-leaders hospital-leaders \
  partners-of-provincial-childrens-hospitals posts-by-date; do
  first=$(warm "$B/queries/$q?limit=100")
  total=$(curl -s -D - -o /dev/null "$B/queries/$q?limit=100" | tr -d '\r' \
    | awk 'tolower($1) == "x-hkg-total-rows:" { print $2 }')
  end=$(( ${total:-0} > 100 ? total - 100 : 0 ))
  printf '%s\t%s\t%s\t%s\n' "$q" "${total:-?}" "$first" "$(warm "$B/queries/$q?limit=100&offset=$end")"
done
for q in 承德 市妇幼 张; do
  printf 'search %s\t\t%s\n' "$q" "$(warm -G "$B/search" --data-urlencode "q=$q")"
done
batch='queries={"q0":{"query":"承德市第一人民医院","type":"Hospital"},"q1":{"query":"市妇幼保健院","type":"Hospital","properties":[{"pid":"place","v":"河北省"}]},"q2":{"query":"张伟","type":"Person"}}'
printf 'reconcile, 3 queries\t\t%s\n' "$(warm "$B/reconcile" --data-urlencode "$batch")"

# The explorer's pages (HTML): home, a search, the entity page and neighbourhood (depth 2) of
# the hospital with the most leader rows (the busiest page a corpus has), an article, and a
# page of the query page.
busiest=$(curl -s "$B/queries/hospital-leaders?limit=100000&format=tsv" | tail -n +2 | cut -f1 \
  | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }' | sed 's/^"//; s/"@zh$//')
doc=$(curl -s "$B/queries/hospital-leaders?limit=1&format=tsv" | tail -n 1 | cut -f4 | sed 's/^"//; s/"$//')
iri="https://w3id.org/hkg/id/hospital/$busiest"
printf 'page		s	bytes
'
page() { printf '%s		%s	%s\n' "$1" "$(warm -G "$B$2" "${@:3}")" \
  "$(curl -s -o /dev/null -w '%{size_download}' -G "$B$2" "${@:3}")"; }
page home /
page "find 张" /find --data-urlencode "q=张"
page "entity $busiest" /entity --data-urlencode "name=$busiest"
page "graph depth 2" /graph --data-urlencode "iri=$iri" --data-urlencode "depth=2"
page "doc $doc" /doc --data-urlencode "id=$doc"
page "query page, offset 100000" /query/posts-by-date --data-urlencode "offset=100000"
