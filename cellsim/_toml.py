"""TOML reader: the standard library's tomllib (Python >= 3.11) or its backport tomli (3.10)."""
try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["tomllib"]
