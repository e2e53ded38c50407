"""Exceptions used throughout cellsim.

Every error names what was wrong, the offending value and what is allowed, so that a
user of a parameter sweep can fix the input without reading the code.
"""
from __future__ import annotations

import difflib
from typing import Iterable


class CellsimError(Exception):
    """Base class of all cellsim errors."""


class ParameterError(CellsimError, ValueError):
    """A parameter value, unit or key is invalid.

    Parameters
    ----------
    key : str
        Name of the parameter (dotted path inside a TOML file, or argument name).
    value : object
        The offending value.
    allowed : str
        Human-readable description of what is allowed.
    file : str, optional
        File the value came from.
    """

    def __init__(self, key: str, value, allowed: str, file: str | None = None):
        self.key, self.value, self.allowed, self.file = key, value, allowed, file
        where = f"{file}: " if file else ""
        super().__init__(f"{where}parameter '{key}' = {value!r} is invalid; allowed: {allowed}")


class UnknownNameError(ParameterError, KeyError):
    """A material, coating, cell or parameter name is not known; suggests close matches.

    ``known`` are the distinct names listed in the message; ``aliases`` maps other accepted spellings (file
    names, formulas without brackets) to their name in ``known``: they are matched for "did you mean" (case
    ignored) but not listed, so one material is listed once.

    Examples
    --------
    >>> print(UnknownNameError("electrolyte", "li3ocl", ["Li3OCl", "Na3OBr"], aliases={"Na3O_Br": "Na3OBr"}))
    parameter 'electrolyte' = 'li3ocl' is invalid; allowed: one of ['Li3OCl', 'Na3OBr'] (did you mean 'Li3OCl'?)
    """

    def __init__(self, kind: str, name: str, known: Iterable[str], file: str | None = None,
                 aliases: dict | None = None):
        known = sorted({str(k) for k in known})
        folded: dict[str, str] = {}
        for spelled, canonical in [*((k, k) for k in known), *(aliases or {}).items()]:
            folded.setdefault(str(spelled).casefold(), str(canonical))
        close = difflib.get_close_matches(str(name).casefold(), list(folded), n=6, cutoff=0.5)
        close = list(dict.fromkeys(folded[c] for c in close))[:3]
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        ParameterError.__init__(self, kind, name, f"one of {known}{hint}", file)

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.args[0]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped a run; ``partial`` holds the completed part (e.g. the finished cycles) or None.

    A KeyboardInterrupt, so code that does not know it still stops as on any Ctrl-C.
    """

    def __init__(self, message: str, partial=None):
        super().__init__(message)
        self.partial = partial


class ModelError(CellsimError):
    """A model was asked for something it cannot do (e.g. outside its validity range)."""


class SolverFailure(CellsimError):
    """The numerical solver failed; sweeps record this and carry on."""


class StoichiometryRangeWarning(CellsimError, RuntimeWarning):
    """A run took an electrode's stoichiometry outside the range its OCP was fitted over (an extrapolation)."""
