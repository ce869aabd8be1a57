#!/usr/bin/env bash
# Fuzz sendcheck with libFuzzer: the parsers (CSV, rule expressions, plan files, rule packs, SEN2 XML,
# configurations, YAML), the alert night (from case data, and from a corrupt previous state) and the
# board report.
#   scripts/fuzz.sh [SECONDS]    (default 120)
# Exits non-zero when libFuzzer finds a crash; crashes are written to Fuzz/crashes/ (and, for CI,
# printed as base64). Seeds come from the repository's own examples. Reproduce one with
#   cd Fuzz && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ./.build/release/FuzzSendCheck crashes/<file>
# (FUZZ_DEBUG=1 prints what the alert and board targets made.) Inputs that once found a bug are in
# Fuzz/regressions/ and start every run.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
SECONDS_TO_RUN="${1:-120}"
# SwiftPM can link a libFuzzer executable only with lld (toolchain.md section 7), which comes with the
# Swift toolchain for Linux, beside swift itself.
toolchain_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
if [ ! -x "$toolchain_bin/ld.lld" ] && ! command -v ld.lld > /dev/null; then
  echo "fuzz: no ld.lld in $toolchain_bin or on PATH: the Swift toolchain for Linux ships one; install it (or lld) to fuzz" >&2
  exit 2
fi
echo '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] } }' > .build-toolset.json
swift build -c release -Xswiftc -sanitize=fuzzer,address --toolset "$PWD/.build-toolset.json" --product FuzzSendCheck
mkdir -p corpus crashes
# Seeds: a byte picks the target (0 CSV, 1 expression, 2 plan, 3 rule pack, 4 SEN2 XML,
# 5 configuration, 6 a council's export through a mapping, 7 any YAML, 8 the alert night from case
# data, 9 the alert night from a fuzzed previous state, 10 the board report, 11 a random rule pack
# seeded by the next 8 bytes, its time travel against separate evaluations), then the input.
{ printf '\x00'; cat ../examples/cases.csv; } > corpus/seed-csv
{ printf '\x01'; printf "request_outcome in ['not_assess', 'withdrawn'] or deadline(request_received, 20 weeks) < as_of"; } > corpus/seed-expr
{ printf '\x02'; cat ../plans/example-county-cip-2022.yaml; } > corpus/seed-plan
{ printf '\x03'; sed -n '1,40p' ../rules/plan-wsoa.yaml; } > corpus/seed-pack
{ printf '\x04'; head -c 7000 ../examples/sen2/sen2-2026-sample.xml; } > corpus/seed-sen2
{ printf '\x05'; cat ../examples/council/single-export/sendcheck.yaml; } > corpus/seed-config
{ printf '\x06'; head -c 2000 ../examples/council/single-export/ehcp-export.csv; } > corpus/seed-export
{ printf '\x07'; printf 'a: &x [1, *x]\nb: {c: [d, e]}\n'; } > corpus/seed-yaml
{ printf '\x0b\x00\x00\x00\x00\x00\x00\x00\x10\x06'; } > corpus/seed-random-pack
# 8: the sample cases with a child_name column (no digest may show it), and hostile routing cells:
# line breaks in a team and a caseworker, markup, addresses outside the allowed domain.
{
  printf '\x08'
  awk 'NR == 1 { print $0 ",child_name"; next } { printf "%s,NAME-Child-%c%c\n", $0, 64 + NR, 96 + NR }' ../examples/cases.csv
  printf 'C0101,2015-03-02,"Evil\r\nBcc: x@evil.example","x@example.gov.uk\r\nBcc: y@evil.example",2026-05-04,,,,,,,,,,,,,,,,NAME-Hostile-Row\n'
  printf 'C0102,2016-01-01,<script>alert(1)</script>,a@evil.example,2026-05-04,,,,,,,,,,,,,,,,NAME-Outside-Domain\n'
  printf 'C0103,2016-01-01,North,jo@example.gov.uk,2026-10-20,,,,,,,,,,,,,,,,NAME-Due-Soon\n'
  printf 'C0104,2016-01-01,South,CW317,2026-05-04,,,,,,,,,,,,,,,,NAME-Mapped-Outside\n'
} > corpus/seed-alert-night
# 9: flags, findings absent, repeat, held; a waiver; a dropped digest; then five records (key, status,
# RAG, resolution, days as [mode, value], caseworker, team): see Fuzz/Sources/FuzzSendCheck/AlertTargets.swift.
{
  printf '\x09\x00\x00\x00\x00'
  printf '\x01\x04\x01\x04stay\x02HS\x00\x00\x1e'
  printf '\x01\x14cw101@example.gov.uk\x00\xff\xf6\x00\x03'
  printf '\x00\x01\x00\x03\x03\x00\x00\x00\xff\xf6\x00\xff\x9c\x00\xff\xf0\x00\x00'
  printf '\x02\x02\x02\x02\x02\x00\x00\x00\x00\x00\x00\xff\xe0\x00\xff\xf8\x04\x03'
  printf '\xe0\x00\x09\x03\x03\x00\x03\x03\x07\x00\x00\x00\x00\x00\x10\x00\x00\x06\x01\x06\x06'
  printf '\x01\x00\x01\x02\x02\xc2\x00\x00\x00\x05\x00\xff\x00\x00\xff\x80\x01\x01\x00\xff\xf0'
  printf '\xf0\x00\x00\xff\x00\xf0\x05x\r\ny:\xf1\x06C\x00\xff\xfe12\x06\x03\x00\x03\x00\x00\x00\x00\x80\x00'
  printf '\xf0\x0aa@b.c\r\nX:z\xf0\x03\xe2\x80\xae'
} > corpus/seed-alert-state
# 10: the sample cases and a few hostile cells (markup in a team, a formula for a reference).
{
  printf '\x0a'
  cat ../examples/cases.csv
  printf 'C0201,2015-03-02,<script>alert(1)</script>,CW101,2026-05-04,,,,,,,,,,,,,,,\n'
  printf '=HYPERLINK("x"),2015-03-02,"North, ""the team""",CW101,2026-05-04,,,,,,,,,,,,,,,\n'
} > corpus/seed-board
cp regressions/* corpus/
# Leaks of the rule set loaded once for the whole run are not bugs: leak checking is off.
started=$(mktemp)
trap 'rm -f "$started"' EXIT
status=0
ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no ./.build/release/FuzzSendCheck -max_total_time="$SECONDS_TO_RUN" \
  -artifact_prefix=crashes/ -max_len=32768 -print_final_stats=1 corpus || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz: libFuzzer exited $status; new crash inputs (base64, target = first byte):"
  find crashes -type f -newer "$started" -size -48k | while read -r f; do
    echo "== $f"
    base64 -w 0 "$f"
    echo
  done
fi
exit "$status"
