# Staging: deployed from main by cloudbuild.yaml. media_image and functions_source_object are
# passed by the build (-var). Replace the placeholders with your project's values (docs/deploy.md).
project_id         = "agentlocator-staging"
hosting_site_id    = "agentlocator-staging"
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
