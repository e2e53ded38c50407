"""Built-in parameter sets (TOML), shipped in the wheel as the data package ``cellsim.parameter_sets``.

Not imported by cellsim's code: the files are found with
:func:`cellsim.parameters.loader.builtin_dir` (``importlib.resources``).
"""
