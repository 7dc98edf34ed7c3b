# Hourly recording purge: Cloud Scheduler publishes to the retention topic (pubsub.tf), which
# triggers purge_recordings. Hourly keeps every recording within an hour of its business's
# retention (at most 2 days: docs/retention.md). Scheduler publishes as its service agent,
# whose default role already allows publishing.
resource "google_cloud_scheduler_job" "recording_retention" {
  project     = var.project_id
  name        = "recording-retention-hourly"
  description = "Delete call recordings older than each business's retention (docs/retention.md)."
  region      = var.region
  schedule    = "17 * * * *"
  time_zone   = "Etc/UTC"

  retry_config {
    retry_count = 3
  }

  pubsub_target {
    topic_name = google_pubsub_topic.recording_retention.id
    data       = base64encode(jsonencode({ source = "cloud-scheduler" }))
  }

  depends_on = [google_project_service.apis]
}

# The same purge as a dry run, paused: `gcloud scheduler jobs run recording-retention-dry-run`
# logs what the next run would delete, per business, and deletes nothing.
resource "google_cloud_scheduler_job" "recording_retention_dry_run" {
  project     = var.project_id
  name        = "recording-retention-dry-run"
  description = "Count the recordings the purge would delete; deletes nothing."
  region      = var.region
  schedule    = "17 * * * *"
  time_zone   = "Etc/UTC"
  paused      = true

  pubsub_target {
    topic_name = google_pubsub_topic.recording_retention.id
    data       = base64encode(jsonencode({ source = "cloud-scheduler", dry_run = true }))
    attributes = {
      dry_run = "true"
    }
  }

  depends_on = [google_project_service.apis]
}
