# The topic Cloud Scheduler publishes the hourly recording purge to (scheduler.tf).
# purge_recordings is attached to it by cloudbuild.yaml's
# `gcloud functions deploy purge_recordings --trigger-topic=recording-retention`, which creates
# the Eventarc trigger and its push subscription. Terraform owns the topic so the scheduler job
# and the function agree on one name (Settings.retention_topic defaults to it).
resource "google_pubsub_topic" "recording_retention" {
  name = "recording-retention"

  # A purge message is only useful until the next hourly one; the function also drops any
  # event older than an hour (agentlocator.retention.policy.MAX_EVENT_AGE).
  message_retention_duration = "3600s"

  depends_on = [google_project_service.apis]
}

# Cloud Scheduler publishes here every 10 minutes; sweep_stale_streams (cloudbuild.yaml) closes
# media streams whose service died without Twilio's stop and no final status callback came.
resource "google_pubsub_topic" "stale_streams" {
  name                       = "stale-streams"
  message_retention_duration = "600s" # the next sweep replaces a missed one

  depends_on = [google_project_service.apis]
}
