resource "google_storage_bucket" "recordings" {
  name                        = "${var.project_id}-call-recordings"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

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
}
