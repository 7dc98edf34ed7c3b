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

# Every 10 minutes: close media streams left open by a media service that died without Twilio's
# stop (sweep_stale_streams, an HTTP function only the tasks-invoker account may call).
resource "google_cloud_scheduler_job" "stale_streams" {
  project     = var.project_id
  name        = "stale-streams-sweep"
  description = "Close media streams left open by a media service that died (functions/streams.py)."
  region      = var.region
  schedule    = "*/10 * * * *"
  time_zone   = "Etc/UTC"

  http_target {
    http_method = "POST"
    uri         = "${local.functions_base_url}/sweep_stale_streams"
    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
    }
  }

  depends_on = [google_project_service.apis]
}
