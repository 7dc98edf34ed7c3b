resource "google_cloud_tasks_queue" "whatsapp_replies" {
  project  = var.project_id
  name     = "whatsapp-replies"
  location = var.region
  retry_config {
    max_attempts  = 8
    min_backoff   = "1s"
    max_backoff   = "60s"
    max_doublings = 4
  }
  rate_limits {
    max_dispatches_per_second = 50
  }
  depends_on = [google_project_service.apis]
}

# A booked meeting's reminder to the caller, scheduled the day before (agentlocator.meetings).
# Delivery is at least once; meeting_reminder_task sends each reminder once (its ledger).
resource "google_cloud_tasks_queue" "meeting_reminders" {
  project  = var.project_id
  name     = "meeting-reminders"
  location = var.region
  retry_config {
    max_attempts  = 10
    min_backoff   = "10s"
    max_backoff   = "600s"
    max_doublings = 4
  }
  depends_on = [google_project_service.apis]
}

# Notices to agents and leads (agentlocator.notices): a booking, a callback request, a hot lead,
# a meeting moved or cancelled. Queued so a notice outlives the instance that made it; delivery
# is at least once and notice_task sends each once (its ledger key, with a lease taken over
# after a sender died: it answers 503 meanwhile, so the retries must outlast the lease).
resource "google_cloud_tasks_queue" "notices" {
  project  = var.project_id
  name     = "notices"
  location = var.region
  retry_config {
    max_attempts  = 12
    min_backoff   = "5s"
    max_backoff   = "300s"
    max_doublings = 4
  }
  rate_limits {
    max_dispatches_per_second = 20
  }
  depends_on = [google_project_service.apis]
}
