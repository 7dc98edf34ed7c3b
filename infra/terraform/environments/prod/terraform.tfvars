# Production: deployed from a v* tag by cloudbuild.yaml after an approval. media_image and
# functions_source_object are passed by the build (-var).
project_id      = "agentlocator-prod"
hosting_site_id = "agentlocator-app"
billing = {
  paypal_client_id  = "REPLACE-paypal-client-id"
  paypal_webhook_id = "REPLACE-paypal-webhook-id"
  paypal_live       = true
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
twilio_account_sid  = "AC00000000000000000000000000000000"
media_min_instances = 2

# Offices: one entry each; `terraform apply` provisions them (docs/deploy.md, "Adding a tenant").
tenants = {}
