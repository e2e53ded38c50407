"""Timing of the grain-boundary segregation model (issue 4).

Prints the wall time of
  * the 1D D_eff/D_bulk curve: 20 grain sizes from 5 to 500 nm at 300 K, with segregation (one FiPy
    unit-cell solve and one McLean root find per size), and the same curve without segregation;
  * one 2D hexagonal-polycrystal D_eff run at 16 nm (default 192 cells across a grain);
  * one 1D transient filling run (5 grains of 40 nm to 10 s, as in Review Fig. 15c-d).

Usage: python benchmarks/bench_segregation.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> dict:
    from cellsim.electrolyte import segregation as seg
    from cellsim.parameters.segregation import load_segregation

    params = load_segregation("Li3OCl")
    seg.grain_transport_1d(16e-9, 300.0, params)  # import FiPy and warm caches outside the timings
    sizes = np.geomspace(5e-9, 500e-9, 20)
    curve, t_curve = _timed(seg.diffusivity_ratio_curve, sizes, 300.0, params)
    curve0, t_curve0 = _timed(seg.diffusivity_ratio_curve, sizes, 300.0, params, segregation=False)
    hex_run, t_hex = _timed(seg.effective_diffusivity_2d, 16e-9, 300.0, params)
    fill, t_fill = _timed(seg.transient_filling_1d, 40e-9, 300.0, [0.1, 1.0, 10.0], params, n_grains=5)
    print(f"1D D_eff curve, 20 grain sizes, with segregation:    {t_curve:7.2f} s")
    print(f"1D D_eff curve, 20 grain sizes, without segregation: {t_curve0:7.2f} s")
    print(f"2D hexagonal D_eff, 16 nm, 192 cells per grain:      {t_hex:7.2f} s "
          f"(D_eff/D_bulk = {hex_run.diffusivity_ratio:.4g}; 1D: {curve[np.argmin(abs(sizes - 16e-9))]:.4g} at "
          f"{sizes[np.argmin(abs(sizes - 16e-9))] * 1e9:.1f} nm)")
    print(f"1D transient filling, 5 x 40 nm grains to 10 s:      {t_fill:7.2f} s")
    return {"curve_s": t_curve, "curve_without_s": t_curve0, "hex_2d_s": t_hex, "filling_s": t_fill}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without install
    main()
