# Staging: deployed from main by cloudbuild.yaml. media_image and functions_source_object are
# passed by the build (-var). Replace the placeholders with your project's values (docs/deploy.md).
project_id      = "agentlocator-staging"
hosting_site_id = "agentlocator-staging"
billing = {
  paypal_client_id  = "REPLACE-paypal-client-id"
  paypal_webhook_id = "REPLACE-paypal-webhook-id"
  paypal_live       = false
  tranzila_terminal = "REPLACE-tranzila-terminal"
  issuer_name       = "AgentLocator בע״מ"
  issuer_number     = "515555555"
  # Reaching office owners (docs/billing.md). Unset → invoices and notices are kept, not sent.
  # The SMTP password goes in Secret Manager (smtp-password) and in optional_secrets.
  invoice_link_days = 30
  # sms_from      = "+97237630000"
  # smtp_host     = "smtp.example.com"
  # smtp_username = "billing@agentlocator.co.il"
}
twilio_account_sid = "AC00000000000000000000000000000000"

tenants = {
  "demo-realestate" = {
    name = "נדל״ן השרון — משרד לדוגמה"
    owner = {
      uid   = "staging-demo-owner"
      email = "owner@demo.agentlocator.co.il"
    }
    voice_numbers    = ["+97237630000"]
    whatsapp_numbers = ["+97237630000"]
    agents = [
      { id = "agent-1", name = "דנה כהן" },
      { id = "agent-2", name = "יוסי לוי" },
    ]
  }
}
