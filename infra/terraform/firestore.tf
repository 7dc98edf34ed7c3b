resource "google_firestore_database" "default" {
  name        = "(default)"
  location_id = var.region
  type        = "FIRESTORE_NATIVE"
  depends_on  = [google_project_service.apis]
}

resource "google_firestore_index" "calls_by_business" {
  database   = google_firestore_database.default.name
  collection = "calls"
  fields {
    field_path = "business_id"
    order      = "ASCENDING"
  }
  fields {
    field_path = "started_at"
    order      = "DESCENDING"
  }
}

resource "google_firestore_index" "calls_by_lead" {
  database   = google_firestore_database.default.name
  collection = "calls"
  fields {
    field_path = "business_id"
    order      = "ASCENDING"
  }
  fields {
    field_path = "lead_id"
    order      = "ASCENDING"
  }
}

resource "google_firestore_index" "leads_by_status" {
  database   = google_firestore_database.default.name
  collection = "leads"
  fields {
    field_path = "status_id"
    order      = "ASCENDING"
  }
  fields {
    field_path = "created_at"
    order      = "DESCENDING"
  }
}

# One record per purge event (idempotency); expires a week after the run.
resource "google_firestore_field" "retention_runs_ttl" {
  database   = google_firestore_database.default.name
  collection = "retention_runs"
  field      = "expire_at"
  ttl_config {}
}
