# The secrets hold no value in Terraform (state would keep it): docs/deploy.md says how to add
# each version with `gcloud secrets versions add`.
resource "google_secret_manager_secret" "app" {
  for_each  = toset(values(local.secret_env))
  project   = var.project_id
  secret_id = each.value
  #checkov:skip=CKV_GCP_121:Google-managed encryption; no KMS key ring exists for a CMEK to name.
  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }
  depends_on = [google_project_service.apis]
}
