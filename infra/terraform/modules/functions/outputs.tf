output "urls" {
  description = "Each function's URL (the cloudfunctions.net form Twilio signs)."
  value       = { for name, fn in google_cloudfunctions2_function.fn : name => fn.url }
}

output "twilio_webhooks" {
  description = "Paste into the Twilio console, per number (docs/deploy.md)."
  value = {
    voice_a_call_comes_in        = "${var.environment["PUBLIC_BASE_URL"]}/voice_incoming"
    voice_call_status_changes    = "${var.environment["PUBLIC_BASE_URL"]}/voice_status"
    whatsapp_when_message_comes  = "${var.environment["PUBLIC_BASE_URL"]}/whatsapp_inbound"
    baileys_bridge_inbound_url   = "${var.environment["PUBLIC_BASE_URL"]}/baileys_inbound/"
    media_stream_websocket       = var.environment["MEDIA_STREAM_URL"]
    crm_api_base_for_the_web_app = "${var.environment["PUBLIC_BASE_URL"]}/crm_api"
  }
}
