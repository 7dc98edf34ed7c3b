# The resources that write documents.tf's documents, and the two moments they carry.
locals {
  provisioned_at = time_static.provisioned.rfc3339
  changed_at     = time_static.changed.rfc3339
}

# When the tenant was provisioned (kept in state: stable across applies).
resource "time_static" "provisioned" {}

# When its record last changed (name, numbers or enabled).
resource "time_static" "changed" {
  triggers = {
    name    = local.t.name
    enabled = tostring(local.t.enabled)
    numbers = jsonencode(local.numbers)
  }
}

resource "google_firestore_document" "business" {
  project     = var.project_id
  database    = "(default)"
  collection  = "businesses"
  document_id = local.bid
  fields      = jsonencode(local.business_fields)
  lifecycle {
    ignore_changes = [fields]
  }
}

resource "google_firestore_document" "status" {
  for_each    = local.status_fields
  project     = var.project_id
  database    = "(default)"
  collection  = "${local.under}/statuses"
  document_id = each.key
  fields      = jsonencode(each.value)
  lifecycle {
    ignore_changes = [fields]
  }
  depends_on = [google_firestore_document.business]
}

resource "google_firestore_document" "prompt" {
  for_each    = local.prompt_fields
  project     = var.project_id
  database    = "(default)"
  collection  = "${local.under}/prompts"
  document_id = "${each.key}-v1"
  fields      = jsonencode(each.value)
  lifecycle {
    ignore_changes = [fields]
  }
  depends_on = [google_firestore_document.business]
}

resource "google_firestore_document" "prompt_counter" {
  for_each    = toset(local.channels)
  project     = var.project_id
  database    = "(default)"
  collection  = "${local.under}/prompt_counters"
  document_id = each.key
  fields      = jsonencode(local.prompt_counter_fields)
  lifecycle {
    ignore_changes = [fields]
  }
  depends_on = [google_firestore_document.business]
}

# The owner's membership. Custom claims (what authorizes the CRM API) are not a Terraform
# resource: `agentlocator tenants create` with the same spec sets them (docs/deploy.md).
resource "google_firestore_document" "owner" {
  project     = var.project_id
  database    = "(default)"
  collection  = "${local.under}/users"
  document_id = local.t.owner.uid
  fields      = jsonencode(local.owner_fields)
  lifecycle {
    ignore_changes = [fields]
  }
  depends_on = [google_firestore_document.business]
}

# Twilio number → business. Creating one that exists fails (ALREADY_EXISTS), as the Python path
# refuses a number another business owns. Disabled tenants keep no routes.
resource "google_firestore_document" "route" {
  for_each    = local.t.enabled ? local.route_fields : {}
  project     = var.project_id
  database    = "(default)"
  collection  = "phone_routes"
  document_id = each.key
  fields      = jsonencode(each.value)
  depends_on  = [google_firestore_document.business]
}

resource "google_firestore_document" "record" {
  project     = var.project_id
  database    = "(default)"
  collection  = "tenants"
  document_id = local.bid
  fields      = jsonencode(local.record_fields)
  depends_on  = [google_firestore_document.business]
}
