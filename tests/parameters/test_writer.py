"""The TOML writer: a shipped cell file written back loads to the same design, quantities stay inline."""
from cellsim.parameters.loader import find, load_cell_design, read_toml
from cellsim.parameters.writer import dumps


def test_default_cell_round_trips_with_inline_quantities(tmp_path):
    text = dumps(read_toml(find("cell", "default")), "round trip")
    path = tmp_path / "cell.toml"
    path.write_text(text)
    assert load_cell_design(str(path)) == load_cell_design("default")
    # quantities with an uncertainty stay one inline table each, as in the shipped files
    assert [line for line in text.splitlines() if line.startswith("[")] == [
        "[cathode]", "[cathode.interface]", "[separator]", "[anode]", "[anode.interface]", "[coating]", "[protocol]",
        "[electrical]", "[interphase]"]
