# Container images (the media stream service). Untagged layers and all but the last 20 builds go.
resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "agentlocator"
  format        = "DOCKER"
  description   = "AgentLocator images built by cloudbuild.yaml"
  #checkov:skip=CKV_GCP_84:Google-managed encryption; no KMS key ring exists for a CMEK to name.

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 20
    }
  }
  cleanup_policies {
    id     = "drop-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "604800s"
    }
  }
  depends_on = [google_project_service.apis]
}
