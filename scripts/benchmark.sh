#!/usr/bin/env bash
# Benchmark: national-scale synthetic case data through `sendcheck check --format json`.
#
#   scripts/benchmark.sh [--sen2 | --report | --ratio | --teams | --alert | --split | --xlsx] [CASES] [RUNS]     (defaults: 640000 cases, 5 runs)
#
# --split alternates `check` on the one-file CSV and on the same cases as a council's three exports
# (requests, one row per review meeting, ceases: `generate --split`), joined, and prints both medians,
# the joined run's multiple of the one file (its target is at most 2) and its peak memory (target
# under 200 MiB). --xlsx does the same with the cases as one Excel sheet (target: at most 5x).
#
# --ratio alternates `check --format json` and `report --format html` on the same data RUNS times
# each and prints both medians and the report's multiple of check (its target is at most 2): on a
# VM whose speed drifts between minutes, only runs side by side compare fairly.
# --teams does the same on the cases with the team column rewritten to 200,000 distinct names (a
# mapping that puts a reference or a caseworker in `team`): the report's target is again at most 2x
# check; it also prints the report's peak memory.
# --alert times the nightly alert job with --outbox: a first night (no state) and the quiet night
# after it (the next day, the same data), each RUNS times from a fresh state.
# --report times `sendcheck report --format html` (13 dates in one pass) on the case CSV instead.
#
# Builds the release binary, generates CASES synthetic cases in the wide layout (seeded, so every
# run sees the same file), then times RUNS checks with /usr/bin/time and prints each run and the
# median wall time and peak memory (maximum resident set size). Output goes to /dev/null so the
# terminal is not timed. Machine details are printed so figures can be compared honestly.
set -euo pipefail
cd "$(dirname "$0")/.."
# --sen2: a synthetic SEN2 XML return (CASES persons) instead of case CSV.
SEN2=0
COMMAND=(check --format json)
if [ "${1:-}" = "--sen2" ]; then SEN2=1; shift; fi
if [ "${1:-}" = "--report" ]; then COMMAND=(report --format html); shift; fi
RATIO=0
TEAMS=0
if [ "${1:-}" = "--ratio" ]; then RATIO=1; shift; fi
if [ "${1:-}" = "--teams" ]; then RATIO=1; TEAMS=200000; shift; fi
OTHER=""
if [ "${1:-}" = "--split" ] || [ "${1:-}" = "--xlsx" ]; then OTHER="${1#--}"; shift; fi
ALERT=0
if [ "${1:-}" = "--alert" ]; then ALERT=1; shift; fi
CASES="${1:-640000}"
RUNS="${2:-5}"
DATA="bench-data"
AS_OF="2026-01-15"
mkdir -p "$DATA"

swift build -c release --traits Alerts --product sendcheck >/dev/null
BIN="$(cd "$(swift build -c release --traits Alerts --show-bin-path)" && pwd)/sendcheck"
if [ "$SEN2" = 1 ]; then
  NAME="sen2-$CASES.xml"
  FILE="$DATA/$NAME"
  [ -f "$FILE" ] || "$BIN" generate --sen2 2026 --count "$CASES" --seed 42 --output "$FILE"
  # A benchmark key (synthetic data only); the as-of date is the return's reference date.
  export SENDCHECK_SEN2_KEY="benchmark-key-not-a-secret"
  INPUT=(--sen2 "$NAME")
else
  NAME="cases-$CASES.csv"
  FILE="$DATA/$NAME"
  [ -f "$FILE" ] || "$BIN" generate --count "$CASES" --seed 42 --as-of "$AS_OF" --output "$FILE"
  if [ "$TEAMS" -gt 0 ]; then
    # The same cases, row i in team i mod 200,000 (the synthetic file quotes no field).
    NAME="cases-$CASES-teams-$TEAMS.csv"
    [ -f "$DATA/$NAME" ] || awk -F, -v OFS=, -v teams="$TEAMS" \
      'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "team") c = i; print; next } { $c = sprintf("Team %06d", (NR - 2) % teams); print }' \
      "$FILE" > "$DATA/$NAME"
    FILE="$DATA/$NAME"
  fi
  INPUT=(--cases "$NAME" --as-of "$AS_OF")
fi

if [ "$ALERT" = 1 ]; then
  cat > "$DATA/alerts.yaml" <<YAML
version: 1
rules: [../rules]
cases: [$NAME]
alerts:
  from: send-deadlines@example.gov.uk
  state: alerts.sqlite
  transport: {outbox: outbox}
  teams: {North: north@example.gov.uk, South: south@example.gov.uk, East: east@example.gov.uk, West: west@example.gov.uk, Central: central@example.gov.uk}
  service: head@example.gov.uk
YAML
  NEXT=$(date -d "$AS_OF + 1 day" +%F)
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(swift --version 2>&1 | head -1)"
  first=(); quiet=(); frss=(); qrss=()
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$DATA/alerts.sqlite" "$DATA/alerts.sqlite.lock" "$DATA/outbox"
    (cd "$DATA" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" alert --config alerts.yaml --as-of "$AS_OF" >alert1.txt 2>stderr.txt) || { cat "$DATA/stderr.txt"; exit 1; }
    read -r wall kb < <(tail -n 1 "$DATA/time.txt"); first+=("$wall"); frss+=("$kb")
    (cd "$DATA" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" alert --config alerts.yaml --as-of "$NEXT" >alert2.txt 2>stderr.txt) || { cat "$DATA/stderr.txt"; exit 1; }
    read -r wall2 kb2 < <(tail -n 1 "$DATA/time.txt"); quiet+=("$wall2"); qrss+=("$kb2")
    echo "run $i: first night ${wall} s, $((kb / 1024)) MiB ($(cat "$DATA/alert1.txt" | head -1)); quiet night ${wall2} s, $((kb2 / 1024)) MiB ($(head -1 "$DATA/alert2.txt"))"
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  echo "median of alert: first night $(median "${first[@]}") s, $(( $(median "${frss[@]}" | cut -d. -f1) / 1024 )) MiB; quiet night $(median "${quiet[@]}") s, $(( $(median "${qrss[@]}" | cut -d. -f1) / 1024 )) MiB ($RUNS runs, $CASES cases)"
  exit 0
fi

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(swift --version 2>&1 | head -1)"
echo "data: $FILE ($(wc -l < "$FILE") lines, $(du -h "$FILE" | cut -f1))"
if [ -n "$OTHER" ]; then
  # The same cases, joined from three exports or read from a workbook, against the one CSV file.
  if [ "$OTHER" = split ]; then
    [ -d "$DATA/split-$CASES" ] || "$BIN" generate --count "$CASES" --seed 42 --as-of "$AS_OF" --split "$DATA/split-$CASES"
    OTHER_DIR="$DATA/split-$CASES"; OTHER_ARGS=(); TARGET=2
  else
    [ -f "$DATA/cases-$CASES.xlsx" ] || "$BIN" generate --count "$CASES" --seed 42 --as-of "$AS_OF" --output "$DATA/cases-$CASES.xlsx"
    OTHER_DIR="$DATA"; OTHER_ARGS=(--rules ../rules --cases "cases-$CASES.xlsx"); TARGET=5
  fi
  ones=(); others=(); peaks=()
  for i in $(seq 1 "$RUNS"); do
    (cd "$DATA" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" check --format json --rules ../rules "${INPUT[@]}" >/dev/null 2>stderr.txt) || [ $? -le 1 ] || { cat "$DATA/stderr.txt"; exit 1; }
    read -r one _ < <(tail -n 1 "$DATA/time.txt")
    (cd "$OTHER_DIR" && /usr/bin/time -f "%e %M" -o /tmp/sendcheck-bench-time.txt "$BIN" check --format json --as-of "$AS_OF" "${OTHER_ARGS[@]}" >/dev/null 2>/tmp/sendcheck-bench-stderr.txt) || [ $? -le 1 ] || { cat /tmp/sendcheck-bench-stderr.txt; exit 1; }
    read -r other kb < <(tail -n 1 /tmp/sendcheck-bench-time.txt)
    ones+=("$one"); others+=("$other"); peaks+=("$kb")
    echo "run $i: one file ${one} s, $OTHER ${other} s, $((kb / 1024)) MiB peak"
  done
  mo=$(median "${ones[@]}"); mx=$(median "${others[@]}")
  echo "median: one file ${mo} s, $OTHER ${mx} s, $OTHER/one $(awk -v x="$mx" -v o="$mo" 'BEGIN {printf "%.2f", x / o}') (target at most $TARGET), $OTHER peak $(( $(median "${peaks[@]}" | cut -d. -f1) / 1024 )) MiB ($RUNS runs each, interleaved, $CASES cases)"
  exit 0
fi
if [ "$RATIO" = 1 ]; then
  checks=(); reports=(); peaks=()
  # One timed run of a command from the data folder; prints its wall time and peak memory (KiB).
  # Exit 1 means findings.
  timed() {
    (cd "$DATA" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" "$@" --rules ../rules "${INPUT[@]}" >/dev/null 2>stderr.txt) || [ $? -le 1 ] || { cat "$DATA/stderr.txt" >&2; exit 1; }
    tail -n 1 "$DATA/time.txt"
  }
  for i in $(seq 1 "$RUNS"); do
    ct=$(timed check --format json); rt=$(timed report --format html)
    read -r c _ <<< "$ct"; read -r r kb <<< "$rt"
    checks+=("$c"); reports+=("$r"); peaks+=("$kb")
    echo "run $i: check ${c} s, report ${r} s, $((kb / 1024)) MiB peak"
  done
  mc=$(median "${checks[@]}"); mr=$(median "${reports[@]}")
  teams=$([ "$TEAMS" -gt 0 ] && echo ", $TEAMS teams" || true)
  echo "median: check ${mc} s, report ${mr} s, report/check $(awk -v r="$mr" -v c="$mc" 'BEGIN {printf "%.2f", r / c}'), report peak $(( $(median "${peaks[@]}" | cut -d. -f1) / 1024 )) MiB ($RUNS runs each, interleaved, $CASES cases$teams)"
  exit 0
fi
walls=()
rss=()
for i in $(seq 1 "$RUNS"); do
  set +e
  # Run from the data folder so no sendcheck.yaml adds other inputs: only this file is measured.
  (cd "$DATA" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" "${COMMAND[@]}" --rules ../rules "${INPUT[@]}" >/dev/null 2>stderr.txt)
  code=$?
  set -e
  if [ "$code" -gt 1 ]; then echo "run $i failed with exit $code"; cat "$DATA/stderr.txt"; exit 1; fi
  read -r wall kb < <(tail -n 1 "$DATA/time.txt")
  walls+=("$wall")
  rss+=("$kb")
  echo "run $i: ${wall} s wall, $((kb / 1024)) MiB peak"
done
echo "median of ${COMMAND[0]}: $(median "${walls[@]}") s wall, $(( $(median "${rss[@]}" | cut -d. -f1) / 1024 )) MiB peak ($RUNS runs, $CASES $([ "$SEN2" = 1 ] && echo persons || echo cases))"
