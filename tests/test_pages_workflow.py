"""The GitHub Pages workflow: valid YAML that tests, builds with the Pages base URL and deploys
with the official Pages actions (it cannot run here, so its steps are checked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def _load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_the_workflow_runs_on_push_to_main_with_pages_permissions() -> None:
    data = _load()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_build_job_installs_tests_builds_and_uploads() -> None:
    build = _load()["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = "python3 -m pip install -e ."
    assert install in readme
    assert any(run.strip() == install for run in runs)
    test_step = next(i for i, run in enumerate(runs) if ".ci/run" in run)
    build_step = next(i for i, run in enumerate(runs) if run.startswith("site-gen build"))
    assert test_step < build_step
    assert "--base-url" in runs[build_step]
    assert "steps.pages.outputs.base_url" in runs[build_step]
    assert _uses(build) == [
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    configure = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/conf"))
    assert configure["id"] == "pages"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"] == {"path": "output/", "include-hidden-files": True}  # .nojekyll


def test_the_deploy_job_uses_deploy_pages_in_the_pages_environment() -> None:
    deploy = _load()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    [step] = deploy["steps"]
    assert step["uses"].split("@")[0] == "actions/deploy-pages"
    assert step["id"] == "deployment"


def test_every_action_is_pinned_to_a_current_major_version() -> None:
    jobs = _load()["jobs"]
    versions = {step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step}
    assert versions == {
        "actions/checkout@v6",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    }
