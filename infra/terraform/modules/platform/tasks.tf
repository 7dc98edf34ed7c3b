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
