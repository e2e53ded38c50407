"""Study scripts (one report figure each), shipped in the wheel as ``cellsim.studies``.

Found with :func:`cellsim.parameters.loader.studies_dir` and run by ``cellsim studies``
(:func:`cellsim.report.run_studies`); each script also runs on its own: ``python studies/<name>.py``.
"""
