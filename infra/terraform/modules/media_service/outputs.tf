output "url" {
  value = google_cloud_run_v2_service.media_stream.uri
}
