"""Running a check: one source through the rules (lint), many files with
the process pool and the result cache (files), suppressions and severities
(suppress, results), file discovery (paths) and extraction of data
(extract, typed)."""
