# One service account per deployable, each with only the roles it uses.
resource "google_service_account" "functions" {
  account_id   = "agentlocator-functions"
  display_name = "AgentLocator Cloud Functions"
}

resource "google_service_account" "media" {
  account_id   = "agentlocator-media"
  display_name = "AgentLocator media stream service (Cloud Run)"
}

locals {
  functions_roles = [
    "roles/datastore.user",
    "roles/pubsub.publisher",
    "roles/cloudtasks.enqueuer",
    "roles/secretmanager.secretAccessor",
    "roles/firebaseauth.viewer",
  ]
  media_roles = [
    "roles/datastore.user",
    "roles/pubsub.publisher",
    "roles/secretmanager.secretAccessor",
  ]
}

resource "google_project_iam_member" "functions" {
  for_each = toset(local.functions_roles)
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.functions.email}"
}

resource "google_project_iam_member" "media" {
  for_each = toset(local.media_roles)
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.media.email}"
}

resource "google_storage_bucket_iam_member" "functions_recordings" {
  bucket = google_storage_bucket.recordings.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.functions.email}"
}

# Signed links to play call recordings: the functions sign with their own account through the
# IAM signBlob API (no key file), which needs Token Creator on that account itself.
resource "google_service_account_iam_member" "functions_sign_blobs" {
  service_account_id = google_service_account.functions.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.functions.email}"
}
