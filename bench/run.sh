#!/usr/bin/env bash
# End-to-end benchmark of `hkg build` on the synthetic corpus of `hkg bench-corpus`.
#
#   bench/run.sh [N ...]          default: 1000 10000
#
# For each N: writes N articles (seed 1) under $BENCH_DIR (default /tmp/hkg-bench), builds a
# fresh store, rebuilds it unchanged, scores it against its gold file, times every library
# query (as a lookup of one hospital, and listings also whole), and loads `hkg export
# --format nquads` of the same store with Oxigraph's own bulk loader (`oxigraph load`,
# PyPI's oxigraph==0.5.13) when it is on the PATH. One TSV line per N
# goes to $BENCH_DIR/results.tsv; see BENCHMARKS.md. Not part of CI: a 100k run takes an hour
# and tens of GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hkg-target}"
cargo build --release --quiet
HKG="$CARGO_TARGET_DIR/release/hkg"
DIR="${BENCH_DIR:-/tmp/hkg-bench}"
QUERY_TIMEOUT="${QUERY_TIMEOUT:-120}"
mkdir -p "$DIR"
RESULTS="$DIR/results.tsv"
[ -f "$RESULTS" ] || printf 'n\tmb\tbuild_s\tdocs_per_s\tmb_per_s\tquads\tquads_per_s\tpeak_rss_mb\tstore_mb\trebuild_s\tstages\tcore_f1\toxigraph_load_s\toxigraph_rss_mb\n' > "$RESULTS"

# Wall seconds and peak RSS (MB) of a command, from GNU time.
timed() {
  local log="$1"; shift
  /usr/bin/time -f '%e %M' -o "$log.time" "$@" > "$log" 2>&1
  read -r secs kb < "$log.time"
  echo "$secs $((kb / 1024))"
}

[ $# -gt 0 ] || set -- 1000 10000
for n in "$@"; do
  corpus="$DIR/corpus-$n" store="$DIR/store-$n"
  [ -f "$corpus/gold.tsv" ] || "$HKG" bench-corpus "$n" "$corpus"
  mb=$(du -sbL --exclude=gold.tsv "$corpus" | awk '{printf "%.1f", $1 / 1e6}')
  rm -rf "$store"
  read -r build_s rss < <(timed "$DIR/build-$n.log" "$HKG" build "$corpus" --store "$store" -q)
  stages=$(grep -o '(extract.*)' "$DIR/build-$n.log" | tr -d '()' | tr ' ' '_')
  read -r rebuild_s _ < <(timed "$DIR/rebuild-$n.log" "$HKG" build "$corpus" --store "$store" -q)
  quads=$("$HKG" query -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' --store "$store" --format tsv | tail -1 | tr -dc 0-9)
  store_mb=$(du -sm "$store" | cut -f1)
  f1=$("$HKG" eval --store "$store" --gold "$corpus/gold.tsv" | awk '/^core micro/ {print $8}')
  # Every library query as a lookup of one entity (--arg), and the listings also whole.
  hospital=$(awk -F'\t' '$2=="hospital" {print $3; exit}' "$corpus/gold.tsv")
  for q in $("$HKG" query --list | awk '{print $1}'); do
    case "$q" in
      evidence-for-entity) forms=("name=$hospital") ;;
      hospitals-in-place) forms=(place=河南省) ;;
      dual-leaders) forms=("organisation=$hospital" all) ;;
      awards-by-recipient) forms=("recipient=$hospital" all) ;;
      *) forms=("hospital=$hospital" all) ;;
    esac
    for form in "${forms[@]}"; do
      args=()
      [ "$form" = all ] || args=(--arg "$form")
      out="$DIR/query-$n-$q-${form%%=*}.tsv"
      start=$(date +%s.%N)
      if timeout "$QUERY_TIMEOUT" "$HKG" query "$q" "${args[@]}" --store "$store" --format tsv > "$out"; then
        secs=$(echo "$(date +%s.%N) - $start" | bc)
        printf '%s\t%s\t%s\t%.3f\t%s rows\n' "$n" "$q" "${form%%=*}" "$secs" "$(($(wc -l < "$out") - 1))"
      else
        printf '%s\t%s\t%s\t>%s\ttimed out\n' "$n" "$q" "${form%%=*}" "$QUERY_TIMEOUT"
      fi
    done
  done | tee -a "$DIR/queries.tsv"
  ox_s="-" ox_rss="-"
  if command -v oxigraph > /dev/null; then
    "$HKG" export --store "$store" --format nquads -o "$DIR/export-$n.nq"
    rm -rf "$DIR/oxigraph-$n"
    read -r ox_s ox_rss < <(timed "$DIR/oxigraph-$n.log" oxigraph load --location "$DIR/oxigraph-$n" --file "$DIR/export-$n.nq")
    rm -rf "$DIR/export-$n.nq" "$DIR/oxigraph-$n"
  fi
  awk -v n="$n" -v mb="$mb" -v s="$build_s" -v q="$quads" -v rss="$rss" -v st="$store_mb" \
      -v rb="$rebuild_s" -v stages="$stages" -v f1="$f1" -v oxs="$ox_s" -v oxr="$ox_rss" 'BEGIN {
    printf "%d\t%s\t%s\t%.0f\t%.2f\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
      n, mb, s, n / s, mb / s, q, q / s, rss, st, rb, stages, f1, oxs, oxr }' | tee -a "$RESULTS"
done
