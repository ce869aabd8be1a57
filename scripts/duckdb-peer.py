#!/usr/bin/env python3
"""A peer for the national check's benchmark: the main statutory clocks of the synthetic wide CSV
(scripts/benchmark.sh's), counted by rule and status as of a date, in one DuckDB query.

It does less than `sendcheck check`: six clocks instead of every rule, no exceptions, no working
days, no validation of cells (a date that cannot be read is simply no date), no findings listed,
no locations. It is the time a column store takes for the date arithmetic alone, to compare
sendcheck's whole check with. Needs `pip install duckdb` (not part of the build or of CI).

    python3 scripts/duckdb-peer.py bench-data/cases-640000.csv 2026-01-15 [--threads N]
"""
import argparse
import sys
import time

import duckdb

QUERY = """
WITH raw AS (
  SELECT * FROM read_csv(?, header = true, all_varchar = true)
),
cases AS (
  SELECT
    case_id,
    request_outcome,
    assessment_outcome,
    COALESCE(try_strptime(request_received, '%Y-%m-%d'), try_strptime(request_received, '%d/%m/%Y'))::DATE AS received,
    COALESCE(try_strptime(request_outcome_date, '%Y-%m-%d'), try_strptime(request_outcome_date, '%d/%m/%Y'))::DATE AS decided,
    COALESCE(try_strptime(assessment_outcome_date, '%Y-%m-%d'), try_strptime(assessment_outcome_date, '%d/%m/%Y'))::DATE AS issued,
    COALESCE(try_strptime(plan_start, '%Y-%m-%d'), try_strptime(plan_start, '%d/%m/%Y'))::DATE AS plan_start,
    COALESCE(try_strptime(review_meeting, '%Y-%m-%d'), try_strptime(review_meeting, '%d/%m/%Y'))::DATE AS meeting,
    COALESCE(try_strptime(last_review, '%Y-%m-%d'), try_strptime(last_review, '%d/%m/%Y'))::DATE AS reviewed,
    COALESCE(try_strptime(amendment_notice, '%Y-%m-%d'), try_strptime(amendment_notice, '%d/%m/%Y'))::DATE AS notice,
    COALESCE(try_strptime(amended_plan_issued, '%Y-%m-%d'), try_strptime(amended_plan_issued, '%d/%m/%Y'))::DATE AS amended,
    TRY_CAST(transfer_year AS INTEGER) AS transfer_year,
    transfer_type
  FROM raw
),
clocks AS (
  SELECT 'decision-6-weeks' AS rule, received AS start, received + INTERVAL 42 DAY AS due,
         CASE WHEN request_outcome IN ('assess', 'not_assess') THEN decided END AS ended
    FROM cases WHERE received IS NOT NULL
  UNION ALL
  SELECT 'final-plan-20-weeks', received, received + INTERVAL 140 DAY, issued
    FROM cases WHERE received IS NOT NULL AND request_outcome = 'assess'
  UNION ALL
  SELECT 'annual-review', COALESCE(reviewed, plan_start), COALESCE(reviewed, plan_start) + INTERVAL 12 MONTH, NULL
    FROM cases WHERE plan_start IS NOT NULL
  UNION ALL
  SELECT 'review-decision-4-weeks', meeting, meeting + INTERVAL 28 DAY,
         CASE WHEN reviewed >= meeting THEN reviewed END
    FROM cases WHERE meeting IS NOT NULL
  UNION ALL
  SELECT 'amendment-8-weeks', notice, notice + INTERVAL 56 DAY, amended
    FROM cases WHERE notice IS NOT NULL
  UNION ALL
  SELECT 'phase-transfer', make_date(transfer_year - 1, 9, 1),
         CASE WHEN transfer_type = 'post16' THEN make_date(transfer_year, 3, 31) ELSE make_date(transfer_year, 2, 15) END, NULL
    FROM cases WHERE transfer_year IS NOT NULL
)
SELECT rule,
  CASE
    WHEN start > ?::DATE THEN 'not_started'
    WHEN ended IS NOT NULL AND ended <= ?::DATE THEN CASE WHEN ended <= due THEN 'met' ELSE 'breached' END
    WHEN ?::DATE > due THEN 'overdue'
    WHEN ?::DATE + INTERVAL 14 DAY > due THEN 'due_soon'
    ELSE 'pending'
  END AS status,
  count(*) AS n
FROM clocks
GROUP BY ALL
ORDER BY rule, status
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("as_of")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    rows = con.execute(QUERY, [args.csv] + [args.as_of] * 4).fetchall()
    elapsed = time.perf_counter() - started
    for rule, status, n in rows:
        print(f"{rule}\t{status}\t{n}")
    print(f"duckdb {duckdb.__version__}: {elapsed:.3f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
