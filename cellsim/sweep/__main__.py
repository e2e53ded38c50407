"""``python -m cellsim.sweep SWEEP.toml [options]``: the sweep command on its own."""
from __future__ import annotations

import argparse
import sys

from ..cli.sweep import configure, run
from ..errors import CellsimError


def main(argv=None) -> int:
    """``python -m cellsim.sweep SWEEP.toml ...``: the ``cellsim sweep`` command on its own (exit 2 on bad input)."""
    args = configure(argparse.ArgumentParser(prog="python -m cellsim.sweep",
                                             description="Run a cellsim parameter sweep.")).parse_args(argv)
    try:
        return run(args)
    except CellsimError as exc:
        print(f"cellsim sweep: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
