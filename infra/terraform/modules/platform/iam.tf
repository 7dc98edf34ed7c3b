# One service account per deployable, each with only the roles it uses (catalogue.tf). No
# project-wide secret access: each account may read only the secrets mounted into it.
resource "google_service_account" "function" {
  for_each     = local.functions
  project      = var.project_id
  account_id   = "fn-${replace(each.key, "_", "-")}"
  display_name = "AgentLocator function ${each.key}"
}

resource "google_service_account" "media" {
  project      = var.project_id
  account_id   = "media-stream"
  display_name = "AgentLocator media stream service (Cloud Run)"
}

# The identity Cloud Tasks signs its OIDC token with when it calls whatsapp_send_task.
resource "google_service_account" "tasks_invoker" {
  project      = var.project_id
  account_id   = "tasks-invoker"
  display_name = "Cloud Tasks → whatsapp_send_task"
}

# The identity Eventarc pushes the retention topic's messages to purge_recordings with.
resource "google_service_account" "retention_trigger" {
  project      = var.project_id
  account_id   = "retention-trigger"
  display_name = "Eventarc (recording-retention topic) → purge_recordings"
}

locals {
  function_project_roles = merge([
    for name, fn in local.functions : {
      for role in fn.project_roles : "${name} ${role}" => { function = name, role = role }
    }
  ]...)
  function_bucket_roles = merge([
    for name, fn in local.functions : {
      for role in fn.bucket_roles : "${name} ${role}" => { function = name, role = role }
    }
  ]...)
  secret_readers = merge(
    merge([
      for name, fn in local.functions : {
        for env in concat(local.required_secret_env, local.mounted_extra_secrets[name]) :
        "function ${name} ${env}" => {
          member = "serviceAccount:${google_service_account.function[name].email}"
          secret = local.secret_env[env]
        }
      }
    ]...),
    {
      for env in concat(local.required_secret_env, local.media_extra_secrets) :
      "media ${env}" => {
        member = "serviceAccount:${google_service_account.media.email}"
        secret = local.secret_env[env]
      }
    },
  )
  enqueuers = [for name, fn in local.functions : name if fn.enqueues]
}

resource "google_project_iam_member" "function" {
  for_each = local.function_project_roles
  project  = var.project_id
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_project_iam_member" "media" {
  for_each = toset(local.media_service.project_roles)
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.media.email}"
}

resource "google_storage_bucket_iam_member" "function_recordings" {
  for_each = local.function_bucket_roles
  bucket   = google_storage_bucket.recordings.name
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_secret_manager_secret_iam_member" "reader" {
  for_each  = local.secret_readers
  project   = var.project_id
  secret_id = google_secret_manager_secret.app[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value.member
}

# Enqueue on the reply queue only, and sign tasks as tasks-invoker (actAs on that one account).
resource "google_cloud_tasks_queue_iam_member" "enqueuer" {
  for_each = toset(local.enqueuers)
  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.whatsapp_replies.name
  role     = "roles/cloudtasks.enqueuer"
  member   = "serviceAccount:${google_service_account.function[each.value].email}"
}

resource "google_service_account_iam_member" "enqueuer_acts_as_tasks_invoker" {
  for_each           = toset(local.enqueuers)
  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.function[each.value].email}"
}

# The notice and reminder queues, each to the deployables that put tasks on it: Leah (the media
# service; whatsapp_send_task on WhatsApp) tells of bookings and meeting changes, crm_api of
# meetings staff move or cancel, and notice_task queues the reminder of a moved meeting.
# Keys are static names (for_each keys must be known at plan; account emails are not).
locals {
  queue_enqueuers = {
    "crm_api notices"               = { deployable = "crm_api", queue = "notices" }
    "whatsapp_send_task notices"    = { deployable = "whatsapp_send_task", queue = "notices" }
    "notice_task meeting_reminders" = { deployable = "notice_task", queue = "meeting_reminders" }
    "media notices"                 = { deployable = "media", queue = "notices" }
    "media meeting_reminders"       = { deployable = "media", queue = "meeting_reminders" }
  }
  queues = {
    notices           = google_cloud_tasks_queue.notices.name
    meeting_reminders = google_cloud_tasks_queue.meeting_reminders.name
  }
  deployable_members = merge(
    { for name in keys(local.functions) : name => "serviceAccount:${google_service_account.function[name].email}" },
    { media = "serviceAccount:${google_service_account.media.email}" },
  )
  # the `enqueues` functions already act as tasks-invoker (above): one binding per account
  queue_signers = setsubtract(toset([for key, grant in local.queue_enqueuers : grant.deployable]), toset(local.enqueuers))
}

resource "google_cloud_tasks_queue_iam_member" "queue_enqueuer" {
  for_each = local.queue_enqueuers
  project  = var.project_id
  location = var.region
  name     = local.queues[each.value.queue]
  role     = "roles/cloudtasks.enqueuer"
  member   = local.deployable_members[each.value.deployable]
}

resource "google_service_account_iam_member" "queue_enqueuer_acts_as_tasks_invoker" {
  for_each           = local.queue_signers
  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = local.deployable_members[each.value]
}

resource "google_pubsub_topic_iam_member" "media_call_events" {
  project = var.project_id
  topic   = google_pubsub_topic.call_events.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.media.email}"
}

# Eventarc's push identity needs to receive events (and invoke: functions module).
resource "google_project_iam_member" "retention_trigger_receiver" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.retention_trigger.email}"
}

# crm_api signs recording links with its own account through the IAM signBlob API (no key
# file), which needs Token Creator on that account itself.
resource "google_service_account_iam_member" "crm_api_signs_blobs" {
  service_account_id = google_service_account.function["crm_api"].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.function["crm_api"].email}"
}
