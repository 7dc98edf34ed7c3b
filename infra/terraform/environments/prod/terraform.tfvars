# Production: deployed from a v* tag by cloudbuild.yaml after an approval. media_image and
# functions_source_object are passed by the build (-var).
project_id          = "agentlocator-prod"
hosting_site_id     = "agentlocator-app"
twilio_account_sid  = "AC00000000000000000000000000000000"
media_min_instances = 2

# Offices: one entry each; `terraform apply` provisions them (docs/deploy.md, "Adding a tenant").
tenants = {}
