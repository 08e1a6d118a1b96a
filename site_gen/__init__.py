"""site-gen: a static site generator for reaction timelines."""

from site_gen.build import BuildResult, build_site, check_site
from site_gen.errors import BuildFailed, Problem

__version__ = "0.1.0"

__all__ = ["BuildFailed", "BuildResult", "Problem", "__version__", "build_site", "check_site"]
