# The Twilio Media Streams WebSocket (media_stream_service/). One WebSocket is one request, so the
# request timeout must cover a whole call; session affinity keeps a call's reconnects together.
resource "google_cloud_run_v2_service" "media_stream" {
  project  = var.project_id
  name     = var.name
  location = var.region
  # Twilio connects from the internet; the HMAC stream token in the <Stream> URL guards it.
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false

  template {
    service_account                  = var.service_account
    timeout                          = "3600s"
    max_instance_request_concurrency = var.concurrency
    session_affinity                 = true
    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }
    containers {
      image = var.image
      resources {
        limits = {
          cpu    = "2"
          memory = "1Gi"
        }
        cpu_idle = false # audio is paced between requests' frames: CPU must stay allocated
      }
      dynamic "env" {
        for_each = var.environment
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = var.secrets
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value
              version = "latest"
            }
          }
        }
      }
      startup_probe {
        tcp_socket {
          port = 8080
        }
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  #checkov:skip=CKV_GCP_102:Twilio connects without Google credentials; every stream must carry a valid HMAC stream token (media_stream_service/handler.py).
  project  = var.project_id
  name     = google_cloud_run_v2_service.media_stream.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}
