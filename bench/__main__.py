"""`make bench`: every benchmark under bench/, one after another. Each prints its own
numbers and ratios against a baseline measured in the same run; none passes or fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("*/run.py"))
    failed = []
    for script in scripts:
        print(f"\n== bench/{script.parent.name} ==", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
            failed.append(script.parent.name)
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
