# Call recordings: private, uniform access, and nothing outlives the legal maximum.
resource "google_storage_bucket" "recordings" {
  project                     = var.project_id
  name                        = "${var.project_id}-call-recordings"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  #checkov:skip=CKV_GCP_62:Access is logged by Cloud Audit Logs (Data Access); a second log bucket would hold call metadata past retention.
  #checkov:skip=CKV_GCP_78:Versioning would keep deleted recordings restorable past the 2-day retention.

  # Deleted recordings must not stay restorable past the retention maximum.
  soft_delete_policy {
    retention_duration_seconds = 0
  }

  # A safety net under the hourly purge: nothing outlives the legal maximum even if it stops.
  lifecycle_rule {
    condition {
      age = var.recording_retention_days + 1
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}

# Built functions source archives (cloudbuild.yaml uploads functions-<sha>.zip).
resource "google_storage_bucket" "functions_source" {
  project                     = var.project_id
  name                        = "${var.project_id}-functions-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  #checkov:skip=CKV_GCP_62:Build artifacts only; Cloud Audit Logs record access.
  #checkov:skip=CKV_GCP_78:Each build writes a new object name (the commit); old ones are the rollback history, aged out below.

  lifecycle_rule {
    condition {
      age = var.functions_source_retention_days
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}
