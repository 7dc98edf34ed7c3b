locals {
  secrets = ["twilio-auth-token", "stream-token-secret", "openai-api-key", "baileys-shared-secret"]
}

resource "google_secret_manager_secret" "app" {
  for_each  = toset(local.secrets)
  secret_id = each.value
  replication {
    auto {}
  }
}
