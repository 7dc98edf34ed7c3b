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

# One claim per media stream token (a replay is refused); useless once the token has expired.
resource "google_firestore_field" "stream_claims_ttl" {
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "stream_claims"
  field      = "expire_at"
  ttl_config {}
}

# The CRM lead list: each filter combined with each sort field, both directions.
locals {
  lead_filters = ["status_id", "sources", "search_terms", "tags", "assigned_agent_id"]
  lead_arrays  = ["sources", "search_terms", "tags"]
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
    array_config = contains(local.lead_arrays, each.value.filter) ? "CONTAINS" : null
    order        = contains(local.lead_arrays, each.value.filter) ? null : "ASCENDING"
  }
  fields {
    field_path = each.value.sort
    order      = each.value.direction
  }
}

# Tasks by due time (sort_at), open/done and optionally one assignee or one lead.
locals {
  task_filters = {
    "done"          = ["done"]
    "done-assignee" = ["done", "assignee_id"]
    "done-lead"     = ["done", "lead_id"]
    "assignee"      = ["assignee_id"]
    "lead"          = ["lead_id"]
  }
}

resource "google_firestore_index" "tasks_by_due" {
  for_each   = local.task_filters
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "tasks"
  dynamic "fields" {
    for_each = each.value
    content {
      field_path = fields.value
      order      = "ASCENDING"
    }
  }
  fields {
    field_path = "sort_at"
    order      = "ASCENDING"
  }
}

# The calendar: meetings in a range by start, per agent and/or only scheduled ones.
locals {
  appointment_filters = {
    "agent"        = ["agent_id"]
    "status"       = ["status"]
    "agent-status" = ["agent_id", "status"]
  }
}

resource "google_firestore_index" "appointments_by_start" {
  for_each   = local.appointment_filters
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "appointments"
  dynamic "fields" {
    for_each = each.value
    content {
      field_path = fields.value
      order      = "ASCENDING"
    }
  }
  fields {
    field_path = "start"
    order      = "ASCENDING"
  }
}

# Live listeners on every new message or note of a business (collection-group queries).
resource "google_firestore_index" "business_feed" {
  for_each    = toset(["messages", "notes"])
  project     = var.project_id
  database    = google_firestore_database.default.name
  collection  = each.value
  query_scope = "COLLECTION_GROUP"
  fields {
    field_path = "business_id"
    order      = "ASCENDING"
  }
  fields {
    field_path = "created_at"
    order      = "ASCENDING"
  }
}

# Prompt versions of a channel, newest first (the prompts screen pages through them).
resource "google_firestore_index" "prompts_by_version" {
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "prompts"
  fields {
    field_path = "channel"
    order      = "ASCENDING"
  }
  fields {
    field_path = "version"
    order      = "DESCENDING"
  }
}

# Security rules: the web app's live listeners read their own business's documents (tenant and
# role from the ID token's custom claims); no client writes anything: every write goes through
# crm_api and the other functions, whose IAM access rules do not govern. The file deployed is
# the one tests/integration/api/test_firestore_rules.py checks on the Firestore emulator.
resource "google_firebaserules_ruleset" "firestore_clients" {
  project = var.project_id
  source {
    files {
      name    = "firestore.rules"
      content = file("${path.module}/../../../../firestore.rules")
    }
  }
  depends_on = [google_firestore_database.default]
}

resource "google_firebaserules_release" "firestore" {
  project      = var.project_id
  name         = "cloud.firestore"
  ruleset_name = google_firebaserules_ruleset.firestore_clients.name
}

# The stale-stream sweep (functions/streams.py): open streams by start time.
resource "google_firestore_index" "calls_open_streams" {
  project    = var.project_id
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
