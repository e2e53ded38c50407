"""The review's Table 2 as data (parameter_sets/defects/li3ocl_table2.toml, cellsim.parameters.defects)."""
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.defects import load_defect_table


def test_table2_values_and_sources():
    t = load_defect_table()
    # Xia et al. 2022, Table 2 (formation / barrier / binding / activation, eV)
    expected = {"V_Li-Li_i (Li Frenkel)": (2.02, 0.170, None, None),
                "V_Li-V_Cl (LiCl Schottky)": (1.41, 0.310, 0.145, 0.455),
                "V_Li-V_O (Li2O Schottky)": (1.60, 0.310, 0.736, 1.046),
                "Li_i-O_Cl (Li2O solution)": (1.67, 0.147, 0.642, 0.789)}
    assert set(t.pairs) == set(expected)
    for name, (ef, em, eb, ea) in expected.items():
        p = t.pairs[name]
        assert (p.formation_energy_eV, p.migration_barrier_eV, p.binding_energy_eV, p.activation_energy_eV) == (
            ef, em, eb, ea)
        assert all("Table 2" in s for s in p.sources.values())
    assert "10.1021/acs.chemrev.1c00594" in t.reference


@pytest.mark.parametrize("body, match", [
    ('[pairs.X]\nformation_energy = {value = 1.0, unit = "eV", source = "s"}\n', r"pairs\.X\.migration_barrier"),
    ('[pairs.X]\nformation_energy = {value = 1.0, unit = "eV", source = "s"}\n'
     'migration_barrier = {value = 0.3, unit = "eV", source = "s"}\nbarrier = 1\n', r"pairs\.X\.barrier"),
    ('[pairs.X]\nformation_energy = {value = 1.0, unit = "K", source = "s"}\n'
     'migration_barrier = {value = 0.3, unit = "eV", source = "s"}\n', r"formation_energy\.unit"),
])
def test_bad_tables_are_refused(tmp_path, body, match):
    f = tmp_path / "t.toml"
    f.write_text('reference = "r"\n' + body)
    with pytest.raises(ParameterError, match=match):
        load_defect_table(f)
