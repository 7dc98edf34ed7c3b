output "origins" {
  description = "The site's origins (the CRM API's CORS list)."
  value       = ["https://${var.site_id}.web.app", "https://${var.site_id}.firebaseapp.com"]
}

output "default_url" {
  value = google_firebase_hosting_site.staff.default_url
}

output "web_build_env" {
  description = "VITE_* values for `npm --prefix web run build` (web/.env.production)."
  value = {
    VITE_FIREBASE_API_KEY     = data.google_firebase_web_app_config.staff.api_key
    VITE_FIREBASE_AUTH_DOMAIN = data.google_firebase_web_app_config.staff.auth_domain
    VITE_FIREBASE_PROJECT_ID  = var.project_id
  }
}
