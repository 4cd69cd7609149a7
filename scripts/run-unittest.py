"""Runs the step runtime's Python unit tests and records the counts as JSON.

Equivalent to `python3 -m unittest discover -s START` run from the current folder (which is put
on sys.path, so `import flowbench` works from resources/python), with the same verbose output,
plus a JSON file with the counts that scripts/summarize-tests.mjs adds to the other suites'.

usage: python3 run-unittest.py START_DIR COUNTS.json
"""
import json
import os
import sys
import unittest


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 64
    start, out = argv[1], argv[2]
    sys.path.insert(0, os.getcwd())
    suite = unittest.defaultTestLoader.discover(start)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    counts = {
        "ran": result.testsRun,
        "failures": len(result.failures),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "expectedFailures": len(result.expectedFailures),
        "unexpectedSuccesses": len(result.unexpectedSuccesses),
        "failedNames": [test.id() for test, _ in result.failures + result.errors]
        + [test.id() for test in result.unexpectedSuccesses],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(counts, f)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
