"""The package list, the one thing pyproject.toml cannot say: cellsim's own packages (found, so new
subpackages ship without editing a list) plus the top-level folders parameter_sets/ and studies/, mapped to
cellsim.parameter_sets and cellsim.studies by [tool.setuptools.package-dir] in pyproject.toml.
All other metadata is in pyproject.toml.
"""
from setuptools import find_packages, setup

setup(packages=find_packages(include=["cellsim", "cellsim.*"]) + ["cellsim.parameter_sets", "cellsim.studies"])
