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

# One record per purge event (idempotency); expires a week after the run.
resource "google_firestore_field" "retention_runs_ttl" {
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

# The stale-stream sweep (functions/streams.py): open streams by start time.
resource "google_firestore_index" "calls_open_streams" {
  database   = google_firestore_database.default.name
  collection = "calls"
  fields {
    field_path = "stream_ended_at"
    order      = "ASCENDING"
  }
  fields {
    field_path = "stream_started_at"
    order      = "ASCENDING"
  }
}
