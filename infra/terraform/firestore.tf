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

# Security rules for the web app's live listeners (read-only; see firestore.rules).
resource "google_firebaserules_ruleset" "firestore" {
  source {
    files {
      name    = "firestore.rules"
      content = file("${path.module}/../../firestore.rules")
    }
  }
  depends_on = [google_project_service.apis, google_firestore_database.default]
}

resource "google_firebaserules_release" "firestore" {
  name         = "cloud.firestore"
  ruleset_name = google_firebaserules_ruleset.firestore.name
  lifecycle {
    replace_triggered_by = [google_firebaserules_ruleset.firestore]
  }
}

# Prompt versions of a channel, newest first (the prompts screen pages through them).
resource "google_firestore_index" "prompts_by_version" {
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
