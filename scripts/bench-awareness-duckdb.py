#!/usr/bin/env python3
# Usage: python3 scripts/bench-awareness-duckdb.py DATABASE.sqlite   (needs `pip install duckdb`)
# DuckDB reference for the district × school awareness report over the raw answers.
import duckdb, sqlite3, time, sys, os, tempfile
src = sys.argv[1]
work = tempfile.mkdtemp()
con = sqlite3.connect(src)
t0 = time.time()
# Export the raw tables to CSV (not timed as part of the query).
for table, cols in [("respondent", "quiz,id,region,school"), ("responseAnswer", "quiz,respondent,correct")]:
    with open(os.path.join(work, f"{table}.csv"), "w") as f:
        f.write(cols + "\n")
        for row in con.execute(f"SELECT {cols} FROM {table}"):
            f.write(",".join(str(v) for v in row) + "\n")
export = time.time() - t0
d = duckdb.connect()
d.execute("CREATE TABLE respondent AS SELECT * FROM read_csv_auto('" + os.path.join(work, "respondent.csv") + "')")
d.execute("CREATE TABLE responseAnswer AS SELECT * FROM read_csv_auto('" + os.path.join(work, 'responseAnswer.csv') + "')")
q = """
SELECT r.region, r.school, COUNT(*) AS n, SUM(CASE WHEN s.correct * 100 >= 80 * s.total THEN 1 ELSE 0 END) AS aware
FROM (SELECT respondent, SUM(correct) AS correct, COUNT(*) AS total FROM responseAnswer WHERE quiz = 'parent-awareness' GROUP BY respondent) s
JOIN respondent r ON r.quiz = 'parent-awareness' AND r.id = s.respondent
GROUP BY r.region, r.school
"""
times = []
for _ in range(3):
    t = time.time(); rows = d.execute(q).fetchall(); times.append(time.time() - t)
print(f"duckdb {duckdb.__version__}: {len(rows)} groups, median {sorted(times)[1]*1000:.0f} ms over 3 runs (in-memory tables loaded from CSV; export {export:.0f} s not counted)")
