#!/usr/bin/env bash
# Fuzz sendcheck's parsers with libFuzzer (CSV, rule expressions, plan files, rule packs, SEN2 XML).
#   scripts/fuzz.sh [SECONDS]    (default 120)
# Crashes are written to Fuzz/crashes/. Seeds come from the repository's own examples.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
SECONDS_TO_RUN="${1:-120}"
echo '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] } }' > .build-toolset.json
swift build -c release -Xswiftc -sanitize=fuzzer,address --toolset "$PWD/.build-toolset.json" --product FuzzSendCheck
mkdir -p corpus crashes
# Seeds: a byte picks the target (0 CSV, 1 expression, 2 plan, 3 rule pack, 4 SEN2 XML,
# 5 configuration, 6 a council's export through a mapping, 7 any YAML), then the input.
{ printf '\x00'; cat ../examples/cases.csv; } > corpus/seed-csv
{ printf '\x01'; printf "request_outcome in ['not_assess', 'withdrawn'] or deadline(request_received, 20 weeks) < as_of"; } > corpus/seed-expr
{ printf '\x02'; cat ../plans/example-county-cip-2022.yaml; } > corpus/seed-plan
{ printf '\x03'; sed -n '1,40p' ../rules/plan-wsoa.yaml; } > corpus/seed-pack
{ printf '\x04'; head -c 7000 ../examples/sen2/sen2-2026-sample.xml; } > corpus/seed-sen2
{ printf '\x05'; cat ../examples/council/single-export/sendcheck.yaml; } > corpus/seed-config
{ printf '\x06'; head -c 2000 ../examples/council/single-export/ehcp-export.csv; } > corpus/seed-export
{ printf '\x07'; printf 'a: &x [1, *x]\nb: {c: [d, e]}\n'; } > corpus/seed-yaml
# Leaks of the rule set loaded once for the whole run are not bugs: leak checking is off.
ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no ./.build/release/FuzzSendCheck -max_total_time="$SECONDS_TO_RUN" -artifact_prefix=crashes/ -max_len=32768 corpus
