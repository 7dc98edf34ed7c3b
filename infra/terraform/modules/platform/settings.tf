# The environment every deployable runs with: the non-secret half of agentlocator.config.Settings
# (the secrets come from catalogue.tf).
data "google_project" "this" {
  project_id = var.project_id
}

locals {
  media_service_name = "media-stream"
  # Cloud Run's deterministic URL (SERVICE-PROJECT_NUMBER.REGION.run.app): known before the
  # service exists, so the functions and the service itself get it without a dependency cycle.
  media_stream_url = "wss://${local.media_service_name}-${data.google_project.this.number}.${var.region}.run.app/media"

  # Gen2 functions answer on https://REGION-PROJECT.cloudfunctions.net/NAME: Twilio signs the URL
  # it called, so this base is what the signature check rebuilds.
  functions_base_url = "https://${var.region}-${var.project_id}.cloudfunctions.net"

  environment = merge(
    {
      ENVIRONMENT                    = "production"
      GOOGLE_CLOUD_PROJECT           = var.project_id
      REGION                         = var.region
      PUBLIC_BASE_URL                = local.functions_base_url
      MEDIA_STREAM_URL               = local.media_stream_url
      WEB_APP_ORIGINS                = join(",", var.web_app_origins)
      TWILIO_ACCOUNT_SID             = var.twilio_account_sid
      RECORDINGS_BUCKET              = google_storage_bucket.recordings.name
      CALL_EVENTS_TOPIC              = google_pubsub_topic.call_events.name
      RETENTION_TOPIC                = google_pubsub_topic.recording_retention.name
      WHATSAPP_QUEUE                 = google_cloud_tasks_queue.whatsapp_replies.name
      MEETINGS_QUEUE                 = google_cloud_tasks_queue.meeting_reminders.name
      NOTICES_QUEUE                  = google_cloud_tasks_queue.notices.name
      TASKS_LOCATION                 = var.region
      WHATSAPP_TASKS_SERVICE_ACCOUNT = google_service_account.tasks_invoker.email
      BAILEYS_BRIDGE_URL             = var.baileys_bridge_url
      RECORDING_RETENTION_DAYS       = tostring(var.recording_retention_days)
      CONTRACTS_BUCKET               = google_storage_bucket.contracts.name
      PAYPAL_CLIENT_ID               = var.billing.paypal_client_id
      PAYPAL_WEBHOOK_ID              = var.billing.paypal_webhook_id
      PAYPAL_LIVE                    = tostring(var.billing.paypal_live)
      TRANZILA_TERMINAL              = var.billing.tranzila_terminal
      BILLING_ISSUER_NAME            = var.billing.issuer_name
      BILLING_ISSUER_NUMBER          = var.billing.issuer_number
      INVOICE_LINK_DAYS              = tostring(var.billing.invoice_link_days)
      BILLING_EMAIL_FROM             = var.billing.email_from
    },
    var.billing.sms_from == null ? {} : {
      BILLING_SMS_FROM = var.billing.sms_from
    },
    var.billing.smtp_host == null ? {} : {
      SMTP_HOST     = var.billing.smtp_host
      SMTP_PORT     = tostring(var.billing.smtp_port)
      SMTP_SECURITY = var.billing.smtp_security
    },
    var.billing.smtp_username == null ? {} : {
      SMTP_USERNAME = var.billing.smtp_username
    },
    var.whatsapp_template_content_sid == null ? {} : {
      WHATSAPP_TEMPLATE_CONTENT_SID = var.whatsapp_template_content_sid
    },
  )
}
