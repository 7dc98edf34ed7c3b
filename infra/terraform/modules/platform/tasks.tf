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
