# Billing and contracts (docs/billing.md): signed contracts and invoices are kept (no lifecycle
# deletion: tax documents are kept for years), the daily billing run, and the billing secrets.

resource "google_storage_bucket" "contracts" {
  name                        = "${var.project_id}-contracts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true # a signed contract or an invoice is never silently replaced
  }
}

resource "google_storage_bucket_iam_member" "functions_contracts" {
  bucket = google_storage_bucket.contracts.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.functions.email}"
}

resource "google_secret_manager_secret" "billing" {
  for_each = toset([
    "paypal-client-secret",
    "tranzila-secret",
    "signing-link-secret",
    "platform-seal-cert-pem",
    "platform-seal-key-pem",
  ])
  secret_id = each.value
  replication {
    auto {}
  }
}

# The daily billing run (trials ending, grace periods, dunning notices): an authenticated HTTP
# call; billing_daily is deployed without public access, so only this job's identity may call it.
resource "google_cloud_scheduler_job" "billing_daily" {
  name        = "billing-daily"
  description = "Billing state machine: time-based transitions and notices (docs/billing.md)."
  region      = var.region
  schedule    = "30 4 * * *"
  time_zone   = "Asia/Jerusalem"

  http_target {
    http_method = "POST"
    uri         = "https://${var.region}-${var.project_id}.cloudfunctions.net/billing_daily"
    oidc_token {
      service_account_email = google_service_account.functions.email
    }
  }

  depends_on = [google_project_service.apis]
}
