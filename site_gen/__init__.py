"""site-gen: a static site generator for reaction timelines."""

from typing import Any

from site_gen.errors import BuildFailed, Problem
from site_gen.gather import check_site

__version__ = "0.1.0"

__all__ = ["BuildFailed", "BuildResult", "Problem", "__version__", "build_site", "check_site"]


def __getattr__(name: str) -> Any:
    """`build_site` and `BuildResult`, imported when first asked for: the build stage loads
    Jinja, Markdown and the rest, which `site-gen check` never needs."""
    if name in ("build_site", "BuildResult"):
        from site_gen import build

        return getattr(build, name)
    raise AttributeError(f"module 'site_gen' has no attribute {name!r}")
