output "url" {
  value = google_cloud_run_v2_service.media_stream.uri
}

output "media_stream_url" {
  description = "The wss:// URL the voice TwiML's <Stream> points at."
  value       = "${replace(google_cloud_run_v2_service.media_stream.uri, "https://", "wss://")}/media"
}
