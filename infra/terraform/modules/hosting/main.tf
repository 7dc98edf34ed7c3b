# The staff web app on Firebase Hosting. Terraform makes the project a Firebase project and creates
# the site and the web app (whose config the build needs: VITE_FIREBASE_*); the files themselves are
# released by `firebase deploy --only hosting` in cloudbuild.yaml (firebase.json).
resource "google_firebase_project" "this" {
  provider = google-beta
  project  = var.project_id
}

resource "google_firebase_web_app" "staff" {
  provider        = google-beta
  project         = var.project_id
  display_name    = "AgentLocator staff app"
  deletion_policy = "DELETE"
  depends_on      = [google_firebase_project.this]
}

resource "google_firebase_hosting_site" "staff" {
  provider = google-beta
  project  = var.project_id
  site_id  = var.site_id
  app_id   = google_firebase_web_app.staff.app_id
}

data "google_firebase_web_app_config" "staff" {
  provider   = google-beta
  project    = var.project_id
  web_app_id = google_firebase_web_app.staff.app_id
}
