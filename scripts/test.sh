#!/usr/bin/env bash
# Install everything the test suite needs (idempotent; a few seconds when all
# is present), then run ruff, mypy and pytest. Extra arguments go to pytest.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"

# Pinned npm tools (bump together with a look at `npm view <pkg> version`).
VNU_JAR_VERSION="26.9.27"
AXE_CORE_VERSION="4.14.1"

TOOLS_DIR="$REPO_ROOT/.test-tools"
VNU_JAR="$TOOLS_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS="$TOOLS_DIR/node_modules/axe-core/axe.min.js"

# Python: the active venv's, else python3 on PATH.
if [[ -n "${VIRTUAL_ENV:-}" && -x "$VIRTUAL_ENV/bin/python" ]]; then
    PY="$VIRTUAL_ENV/bin/python"
else
    PY="$(command -v python3)"
fi
# Resolve shims (pyenv) to the real interpreter once.
PY="$("$PY" -c 'import sys; print(sys.executable)')"

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

log() { printf '==> %s\n' "$*" >&2; }

APT_UPDATED=0
apt_install() {
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

deb_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

# --- Debian packages -------------------------------------------------------
missing_debs=()
if [[ ! -x /usr/bin/chromium ]]; then
    missing_debs+=(chromium)
fi
# Fonts so screenshots of Devanagari/Arabic/CJK names render as glyphs;
# fonts-liberation is what chromium's own Recommends would bring for Latin.
# fonts-noto-color-emoji: flag emoji in screenshots, as phones and Macs show them.
for pkg in fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-liberation; do
    deb_installed "$pkg" || missing_debs+=("$pkg")
done
if ! java -version >/dev/null 2>&1; then
    # Debian's JRE postinst needs this directory; slim images lack it.
    $SUDO mkdir -p /usr/share/man/man1
    missing_debs+=(default-jre-headless)
fi
if ! command -v npm >/dev/null 2>&1; then
    missing_debs+=(nodejs npm)
fi
if [[ ${#missing_debs[@]} -gt 0 ]]; then
    apt_install "${missing_debs[@]}"
fi

# --- Python packages -------------------------------------------------------
# pip takes several seconds even when nothing changes, so skip it when this
# interpreter already has this checkout installed editable, from this very
# pyproject.toml, with every direct requirement (including [test]) satisfied.
PIP_STAMP="$TOOLS_DIR/pip-install.stamp"
pip_stamp() {
    printf '%s\n%s\n' "$PY" "$(sha256sum pyproject.toml | cut -d' ' -f1)"
}
python_deps_present() {
    [[ -f "$PIP_STAMP" && "$(cat "$PIP_STAMP")" == "$(pip_stamp)" ]] || return 1
    # -I: keep the checkout's own site_gen.egg-info (cwd) out of sys.path.
    "$PY" -I - "$REPO_ROOT" <<'PYCHECK'
import importlib.metadata as md
import json
import sys
from pathlib import Path

from pip._vendor.packaging.requirements import Requirement

try:
    dist = md.distribution("site-gen")
    url = json.loads(dist.read_text("direct_url.json") or "{}")
except (md.PackageNotFoundError, ValueError):
    sys.exit(1)
if not url.get("dir_info", {}).get("editable"):
    sys.exit(1)
if url.get("url") != Path(sys.argv[1]).resolve().as_uri():
    sys.exit(1)
for line in dist.requires or []:
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": "test"}):
        continue
    try:
        version = md.version(req.name)
    except md.PackageNotFoundError:
        sys.exit(1)
    if not req.specifier.contains(version, prereleases=True):
        sys.exit(1)
PYCHECK
}
if python_deps_present; then
    log "Python packages already installed ($PY)"
else
    log "pip install -e .[test] ($PY)"
    rm -f "$PIP_STAMP"
    "$PY" -m pip install -q -e '.[test]'
    mkdir -p "$TOOLS_DIR"
    pip_stamp > "$PIP_STAMP"
fi

# --- npm tools (vnu.jar, axe-core) -----------------------------------------
npm_version() {  # installed version of an npm package in .test-tools, or ""
    local pj="$TOOLS_DIR/node_modules/$1/package.json"
    [[ -f "$pj" ]] || return 0
    node -p 'require(process.argv[1]).version' "$pj"
}
if [[ ! -f "$VNU_JAR" || ! -f "$AXE_JS" \
      || "$(npm_version vnu-jar)" != "$VNU_JAR_VERSION" \
      || "$(npm_version axe-core)" != "$AXE_CORE_VERSION" ]]; then
    log "npm install vnu-jar@$VNU_JAR_VERSION axe-core@$AXE_CORE_VERSION into .test-tools/"
    mkdir -p "$TOOLS_DIR"
    # --ignore-scripts: vnu-jar's postinstall only looks for (or downloads) a
    # Java runtime; the jar itself ships in the package and Java comes from apt.
    npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund --ignore-scripts \
        "vnu-jar@$VNU_JAR_VERSION" "axe-core@$AXE_CORE_VERSION"
fi

export SITE_GEN_VNU_JAR="$VNU_JAR"
export SITE_GEN_AXE_JS="$AXE_JS"

# --- Checks ------------------------------------------------------------------
log "ruff check site_gen tests"
"$PY" -m ruff check site_gen tests
log "mypy site_gen"
"$PY" -m mypy site_gen
log "pytest"
"$PY" -m pytest -q "$@"
