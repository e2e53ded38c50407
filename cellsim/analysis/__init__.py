"""Analysis that runs the cell (floor 4): interface windows along a cycle, coating ranking,
residual stress -> conductivity -> cell coupling, and the report tables.

- :mod:`cellsim.analysis.interfaces`: :func:`check_interfaces`, :func:`rank_coatings`.
- :mod:`cellsim.analysis.stress_coupling`: :func:`conductivity_stress_table`, :func:`cell_stress_effect`.
- :mod:`cellsim.analysis.tables`: :func:`dendrite_table`, :func:`residual_stress_table`, :func:`format_table`.
"""
