# Billing and contracts (docs/billing.md): the bucket for signed contracts and invoice PDFs, who
# writes to it, and the daily billing run.

# Tax documents and signed contracts are kept for 7 years (Israeli bookkeeping rules), then
# deleted; versioning keeps any overwritten object, so nothing signed is silently replaced.
resource "google_storage_bucket" "contracts" {
  project                     = var.project_id
  name                        = "${var.project_id}-contracts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  #checkov:skip=CKV_GCP_62:Access is logged by Cloud Audit Logs (Data Access).

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age = 2600 # days: 7 years and a margin
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}

locals {
  # The functions that write contracts (crm_api signs them) and invoices (the payment callbacks).
  contract_writers = ["crm_api", "paypal_webhook", "tranzila_notify", "billing_daily"]
}

resource "google_storage_bucket_iam_member" "function_contracts" {
  for_each = toset(local.contract_writers)
  bucket   = google_storage_bucket.contracts.name
  role     = "roles/storage.objectAdmin"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# Leah sends the office's brokerage agreement after booking a viewing (docs/contracts.md): the
# voice service and the WhatsApp reply task keep the unsigned PDF (create only).
resource "google_storage_bucket_iam_member" "leah_agreements" {
  for_each = {
    media    = google_service_account.media.email
    whatsapp = google_service_account.function["whatsapp_send_task"].email
  }
  bucket = google_storage_bucket.contracts.name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${each.value}"
}

# Daily: trials that ended, grace periods that ran out, dunning notices. billing_daily is not
# public; the tasks-invoker account (already its invoker, see the functions module) signs the
# scheduler's OIDC token.
resource "google_cloud_scheduler_job" "billing_daily" {
  project     = var.project_id
  name        = "billing-daily"
  description = "Billing state machine: time-based transitions and notices (docs/billing.md)."
  region      = var.region
  schedule    = "30 4 * * *"
  time_zone   = "Asia/Jerusalem"

  retry_config {
    retry_count = 3
  }

  http_target {
    http_method = "POST"
    uri         = "${local.functions_base_url}/billing_daily/"
    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
      audience              = "${local.functions_base_url}/billing_daily"
    }
  }

  depends_on = [google_project_service.apis]
}
