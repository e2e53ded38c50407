"""Makes this folder's helper modules importable as ``tests_sweep_helpers`` (also in spawned workers)."""
import sys
import types
from pathlib import Path

_here = Path(__file__).resolve().parent
if "tests_sweep_helpers" not in sys.modules:
    pkg = types.ModuleType("tests_sweep_helpers")
    pkg.__path__ = [str(_here)]
    sys.modules["tests_sweep_helpers"] = pkg
