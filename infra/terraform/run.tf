resource "google_cloud_run_v2_service" "media_stream" {
  name     = "media-stream"
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.media.email
    timeout                          = "3600s"
    max_instance_request_concurrency = 100
    scaling {
      min_instance_count = 1
      max_instance_count = 20
    }
    containers {
      image = var.media_image
      resources {
        limits = {
          cpu    = "2"
          memory = "1Gi"
        }
        cpu_idle = false
      }
      env {
        name  = "ENVIRONMENT"
        value = "production"
      }
      env {
        name  = "GOOGLE_CLOUD_PROJECT"
        value = var.project_id
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "media_public" {
  name     = google_cloud_run_v2_service.media_stream.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers" # Twilio connects without Google auth; the HMAC stream token guards it.
}
