"""cloudbuild.yaml gates every deploy on the tests and deploys only through Terraform."""

from __future__ import annotations

from pathlib import Path

import yaml

CLOUDBUILD = Path(__file__).resolve().parents[3] / "cloudbuild.yaml"


def test_tests_then_image_then_plan_then_apply() -> None:
    text = CLOUDBUILD.read_text()
    steps = [step["id"] for step in yaml.safe_load(text)["steps"]]
    assert steps.index("test") < steps.index("push-media") < steps.index("terraform-plan")
    assert steps.index("terraform-plan") < steps.index("terraform-apply")
    assert "--allow-unauthenticated" not in text
    assert "gcloud functions deploy" not in text and "gcloud run deploy" not in text
    apply = next(s for s in yaml.safe_load(text)["steps"] if s["id"] == "terraform-apply")
    assert "apply -input=false tfplan" in apply["args"][-1]  # exactly the reviewed plan
    assert apply["dir"] == "infra/terraform/environments/${_ENV}"
