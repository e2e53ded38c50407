"""Arrhenius fitting of conductivity data (review eq. 1) and the CSV reader."""
import numpy as np
import pytest

from cellsim.constants import BOLTZMANN_EV
from cellsim.electrolyte.fitting import ArrheniusFit, TwoBranchFit, fit_arrhenius, read_conductivity_csv
from cellsim.errors import ParameterError

A_TRUE, EA_TRUE = 3.0e6, 0.30  # S.K.m-1, eV: Li3OCl-like, sigma(298 K) = 0.09 S/m (review section 3: 0.85 mS/cm)


def eq1(T, A, Ea):
    return A / T * np.exp(-Ea / (BOLTZMANN_EV * T))


def noisy(T, seed, A=A_TRUE, Ea=EA_TRUE):
    return eq1(T, A, Ea) * np.random.default_rng(seed).lognormal(0.0, 0.02, T.size)  # 2 % lognormal noise


def test_synthetic_recovers_parameters():
    T = np.linspace(200.0, 550.0, 15)  # 15 points up to the Li3OCl melting point (~555 K)
    fit = fit_arrhenius(T, noisy(T, seed=1), relative_error=0.02)
    assert isinstance(fit, ArrheniusFit) and fit.n_points == 15
    # Ea: standard error 0.16 % of Ea here, so 2 % is a loose bound (obtained -0.1 %, 0.2997 eV)
    assert fit.activation_energy_eV == pytest.approx(EA_TRUE, rel=0.02)
    # A is an extrapolation to 1/T = 0: its standard error with 2 % noise is 1.7 % over 200-550 K
    # (3.6 % over 250-400 K), so "within 2 %" only holds ~77 % of the time. Checked instead: within 2 %
    # for this seed (obtained -0.8 %), within 3 standard errors, and the standard error itself.
    assert fit.prefactor_S_K_m == pytest.approx(A_TRUE, rel=0.02)
    assert abs(fit.prefactor_S_K_m - A_TRUE) < 3 * fit.prefactor_stderr_S_K_m
    assert fit.prefactor_stderr_S_K_m / fit.prefactor_S_K_m == pytest.approx(0.017, abs=0.001)
    # within the data the fitted curve is good to well under 2 %
    np.testing.assert_allclose(fit.sigma(T), eq1(T, A_TRUE, EA_TRUE), rtol=0.01)
    cov = np.array(fit.covariance)
    assert cov[1, 1] == pytest.approx(fit.activation_energy_stderr_eV ** 2, rel=1e-12)
    assert cov[0, 1] > 0  # ln A and Ea are positively correlated in an Arrhenius fit
    text = fit.report()
    assert "Ea = 0.2997 +/- 0.0005 eV" in text
    assert "15 points" in text


def test_standard_errors_are_calibrated():
    # 300 seeded data sets: A lies within its 1-sigma error ~68 % of the time (binomial sd 2.7 %)
    T = np.linspace(250.0, 400.0, 15)
    hits = [abs(f.prefactor_S_K_m - A_TRUE) < f.prefactor_stderr_S_K_m and
            abs(f.activation_energy_eV - EA_TRUE) < 3 * f.activation_energy_stderr_eV
            for f in (fit_arrhenius(T, noisy(T, seed)) for seed in range(300))]
    assert 0.60 < np.mean(hits) < 0.76


def test_exact_data_and_weighting():
    T = np.array([300.0, 350.0, 400.0, 450.0])
    fit = fit_arrhenius(T, eq1(T, A_TRUE, EA_TRUE))
    assert fit.prefactor_S_K_m == pytest.approx(A_TRUE, rel=1e-9)
    assert fit.activation_energy_eV == pytest.approx(EA_TRUE, rel=1e-9)
    assert fit.residual == pytest.approx(0.0, abs=1e-20)
    # one outlier with a huge relative error is ignored
    s = eq1(T, A_TRUE, EA_TRUE) * np.array([1.0, 1.0, 1.0, 2.0])
    w = fit_arrhenius(T, s, relative_error=[0.01, 0.01, 0.01, 1e4])
    assert w.activation_energy_eV == pytest.approx(EA_TRUE, rel=1e-6)


def test_two_branches_recover_transition():
    # Li2(OH)Cl-like (review section 3): < 1e-8 S/cm orthorhombic at RT, 1e-4 S/cm cubic at 50 degC,
    # transition at 35 degC (308.15 K). Low branch Ea 0.80 eV, high branch 0.40 eV (assumed).
    T = np.arange(280.0, 341.0, 4.0)  # 16 points; 308.15 K lies between 308 and 312 K
    A_lo = 1e-6 * 303.15 * np.exp(0.80 / (BOLTZMANN_EV * 303.15))  # 1e-8 S/cm at 30 degC
    A_hi = 1e-2 * 323.15 * np.exp(0.40 / (BOLTZMANN_EV * 323.15))  # 1e-4 S/cm at 50 degC
    s = np.where(T < 308.15, noisy(T, 3, A_lo, 0.80), noisy(T, 3, A_hi, 0.40))
    fit = fit_arrhenius(T, s, transition="auto")
    assert isinstance(fit, TwoBranchFit)
    assert fit.transition_interval_K == (308.0, 312.0)  # contains 308.15 K
    assert fit.transition_K == pytest.approx(310.0)
    assert fit.low.n_points == 8 and fit.high.n_points == 8
    # branches: 2 % noise over a 24-32 K span gives Ea to a few %
    assert fit.low.activation_energy_eV == pytest.approx(0.80, rel=0.05)
    assert fit.high.activation_energy_eV == pytest.approx(0.40, rel=0.05)
    assert fit.sigma(323.15) == pytest.approx(1e-2, rel=0.03)
    assert fit.sigma(300.0) < 1e-5 < fit.sigma(312.0)
    assert fit.residual < fit_arrhenius(T, s).residual / 100  # one branch cannot describe the jump
    # a given transition temperature gives the same split
    given = fit_arrhenius(T, s, transition=308.15)
    assert given.transition_interval_K == (308.0, 312.0) and given.residual == pytest.approx(fit.residual)
    assert "transition at 310.00 K" in fit.report()
    # the transition test prefers two branches by far, and says so in the report
    test = fit.transition_test
    assert test.two_branches and test.df == (3, 16 - 5) and test.p_value < 1e-10 and test.delta_aicc < -20
    assert "transition test: F(3, 11)" in fit.report() and "two branches" in fit.report()


def test_single_arrhenius_data_give_one_branch():
    """Noisy single-Arrhenius data (2 % noise, 16 points): the F-test keeps one branch (issue 16: the old fit
    always split). Searching the break makes the test slightly liberal: over 300 data sets the split rate stays
    near alpha = 0.01 (2 % measured with 5 % noise; bound 4 % for sampling scatter)."""
    T = np.linspace(260.0, 420.0, 16)
    fit = fit_arrhenius(T, noisy(T, 7), transition="auto")
    assert isinstance(fit, ArrheniusFit) and not fit.transition_test.two_branches
    assert fit.transition_test.p_value > 0.01 and fit.transition_test.delta_aicc > 0
    assert fit.activation_energy_eV == pytest.approx(EA_TRUE, rel=0.05)
    assert "one branch (no transition)" in fit.report() and "p = " in fit.report()
    splits = sum(isinstance(fit_arrhenius(T, noisy(T, seed), transition="auto"), TwoBranchFit)
                 for seed in range(100, 400))
    assert splits / 300 <= 0.04
    # exact single-branch data: no improvement, p = 1
    exact = fit_arrhenius(T, eq1(T, A_TRUE, EA_TRUE), transition="auto")
    assert isinstance(exact, ArrheniusFit) and exact.transition_test.p_value == 1.0
    # "split" forces two branches (the old behaviour)
    assert isinstance(fit_arrhenius(T, noisy(T, 7), transition="split"), TwoBranchFit)


def test_cli_fit_transition_reports_the_test(tmp_path, capsys):
    from cellsim.cli import main

    T = np.linspace(260.0, 420.0, 16)
    csv = tmp_path / "single.csv"
    csv.write_text("T [K],sigma [S/m]\n" + "".join(f"{t},{v}\n" for t, v in zip(T, noisy(T, 7))))
    assert main(["conductivity", "fit", str(csv), "--transition"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Arrhenius fit, 16 points") and "transition test: F(3, 11)" in out


@pytest.mark.parametrize("header, rows, T0, s0", [
    ("temperature_C,conductivity_S_cm", ["25,8.5e-4", "50,1.9e-3", "75,3.8e-3"], 298.15, 0.085),
    ("T [K], sigma [S/m]", ["298.15, 0.085", "323.15,0.19", "348.15,0.38"], 298.15, 0.085),
    ("T (°C),σ (mS/cm),note", ["25,0.85,a", "50,1.9,b", "75,3.8,c"], 298.15, 0.085),
    ("sample,temperature_K,conductivity_S.m-1", ["a,298.15,0.085", "b,323.15,0.19", "c,348.15,0.38"], 298.15, 0.085),
])
def test_read_csv_units(tmp_path, header, rows, T0, s0):
    f = tmp_path / "data.csv"
    f.write_text("# Li3OCl, made up\n" + header + "\n" + "\n".join(rows) + "\n\n", encoding="utf-8")
    data = read_conductivity_csv(f)
    assert data.temperature_K[0] == pytest.approx(T0, rel=1e-12)
    assert data.sigma_S_m[0] == pytest.approx(s0, rel=1e-12)
    assert data.temperature_K.shape == data.sigma_S_m.shape == (3,)
    fit = fit_arrhenius(*data)
    assert 0.2 < fit.activation_energy_eV < 0.35  # these points: 0.26-0.28 eV (Li3OCl-like)


@pytest.mark.parametrize("text, match", [
    ("temperature_C,resistance_ohm\n25,1\n50,2\n75,3\n", r"data\.csv.*header.*conductivity column"),
    ("conductivity_S_cm\n1e-3\n2e-3\n3e-3\n", r"header.*temperature column"),
    ("temperature_F,conductivity_S_cm\n77,1e-3\n", r"column 'temperature_F'.*temperature unit"),
    ("temperature,conductivity_S_cm\n25,1e-3\n", r"column 'temperature'.*temperature unit"),
    ("temperature_C,conductivity_S_cm\n25,1e-3\n50,abc\n75,3e-3\n", r"line 3, column 'conductivity_S_cm'.*'abc'"),
    ("temperature_C,conductivity_S_cm\n25,1e-3\n50,-2e-3\n75,3e-3\n", r"line 3.*'-2e-3'.*> 0"),
    ("temperature_K,conductivity_S_cm\n-5,1e-3\n50,2e-3\n75,3e-3\n", r"line 2, column 'temperature_K'.*> 0 K"),
    ("temperature_C,conductivity_S_cm\n25,1e-3\n50,2e-3\n", r"data rows.*2.*>= 3 points"),
    ("temperature_C,conductivity_S_cm\n25,1e-3\n50\n75,3e-3\n", r"line 3.*2 comma-separated values"),
    ("", r"header"),
])
def test_read_csv_malformed(tmp_path, text, match):
    f = tmp_path / "data.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=match):
        read_conductivity_csv(f)


def test_read_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="path.*nope.csv.*readable CSV"):
        read_conductivity_csv(tmp_path / "nope.csv")


@pytest.mark.parametrize("kwargs, match", [
    (dict(temperature_K=[300, 350], sigma_S_m=[1, 2]), r"temperature_K.*>= 3 points"),
    (dict(temperature_K=[300, 350, 400], sigma_S_m=[1, -2, 3]), r"sigma_S_m.*> 0"),
    (dict(temperature_K=[300, 350, 400], sigma_S_m=[1, 2]), r"sigma_S_m.*shape"),
    (dict(temperature_K=[300, 0, 400], sigma_S_m=[1, 2, 3]), r"temperature_K.*150-700 K"),
    (dict(temperature_K=[300, 350, 400], sigma_S_m=[1, 2, 3], relative_error=0), r"relative_error"),
    (dict(temperature_K=[300, 350, 400, 450, 500, 550], sigma_S_m=[1, 2, 3, 4, 5, 6], transition="best"),
     r"transition.*'auto', 'split'"),
    (dict(temperature_K=[300, 350, 400, 450, 500], sigma_S_m=[1, 2, 3, 4, 5], transition="auto"),
     r"transition.*>= 6 points"),
    (dict(temperature_K=[300, 350, 400, 450, 500, 550], sigma_S_m=[1, 2, 3, 4, 5, 6], transition=360.0),
     r"transition.*2 below and 4 above"),
])
def test_fit_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        fit_arrhenius(**kwargs)
