resource "google_firestore_database" "default" {
  project     = var.project_id
  name        = "(default)"
  location_id = var.region
  type        = "FIRESTORE_NATIVE"
  # Point-in-time recovery: a bad deploy or a wrong `tenants disable` can be read back (7 days).
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = "DELETE_PROTECTION_ENABLED"
  deletion_policy                   = "ABANDON"
  depends_on                        = [google_project_service.apis]
}

resource "google_firestore_index" "calls_by_business" {
  project    = var.project_id
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
  project    = var.project_id
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

# One record per purge event (idempotency); expires a week after the run.
resource "google_firestore_field" "retention_runs_ttl" {
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "retention_runs"
  field      = "expire_at"
  ttl_config {}
}

# The CRM lead list: each filter combined with each sort field, both directions.
locals {
  lead_filters = ["status_id", "sources", "search_terms"]
  lead_sorts   = ["created_at", "updated_at", "last_contact_at", "name"]
  lead_indexes = {
    for pair in setproduct(local.lead_filters, local.lead_sorts, ["ASCENDING", "DESCENDING"]) :
    "${pair[0]}-${pair[1]}-${lower(pair[2])}" => {
      filter    = pair[0]
      sort      = pair[1]
      direction = pair[2]
    }
  }
}

resource "google_firestore_index" "leads_list" {
  for_each   = local.lead_indexes
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "leads"
  fields {
    field_path   = each.value.filter
    array_config = contains(["sources", "search_terms"], each.value.filter) ? "CONTAINS" : null
    order        = contains(["sources", "search_terms"], each.value.filter) ? null : "ASCENDING"
  }
  fields {
    field_path = each.value.sort
    order      = each.value.direction
  }
}

# No client reads or writes Firestore directly: the web app goes through crm_api, and the server
# side uses IAM, which security rules do not govern. Rules that deny every client request make that
# explicit instead of relying on whatever a new database starts with.
resource "google_firebaserules_ruleset" "firestore_deny_clients" {
  project = var.project_id
  source {
    files {
      name    = "firestore.rules"
      content = <<-RULES
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            match /{document=**} {
              allow read, write: if false;
            }
          }
        }
      RULES
    }
  }
  depends_on = [google_firestore_database.default]
}

resource "google_firebaserules_release" "firestore" {
  project      = var.project_id
  name         = "cloud.firestore"
  ruleset_name = google_firebaserules_ruleset.firestore_deny_clients.name
}
