# The topic Cloud Scheduler publishes the hourly recording purge to (scheduler.tf); the
# functions module attaches purge_recordings to it through an Eventarc trigger.
resource "google_pubsub_topic" "recording_retention" {
  project = var.project_id
  name    = "recording-retention"
  #checkov:skip=CKV_GCP_83:Messages carry no personal data (a trigger and a dry-run flag); Google-managed encryption.

  # A purge message is only useful until the next hourly one; the function also drops any
  # event older than an hour (agentlocator.retention.policy.MAX_EVENT_AGE).
  message_retention_duration = "3600s"

  depends_on = [google_project_service.apis]
}

# call.ended events from the media service (Settings.call_events_topic).
resource "google_pubsub_topic" "call_events" {
  project = var.project_id
  name    = "call-events"
  #checkov:skip=CKV_GCP_83:Google-managed encryption; no KMS key ring exists for a CMEK to name.

  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}
