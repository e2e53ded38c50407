"""``python -m cellsim.cli ...``: the ``cellsim`` command."""
import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
