# Every Cloud Function (gen2) from one source archive; --entry-point is the function's name
# (functions/main.py re-exports each target). Settings come as environment variables and the
# secrets as secret environment variables, read by agentlocator.config.Settings.
locals {
  environment = var.environment
  function_secrets = {
    for name, fn in var.functions : name => {
      for env in distinct(concat(var.required_secret_env, fn.extra_secrets)) : env => var.secret_env[env]
    }
  }
}

resource "google_cloudfunctions2_function" "fn" {
  #checkov:skip=CKV_GCP_124:Twilio, the browser app, the Baileys bridge and Cloud Tasks reach these from the internet; who may invoke is decided by IAM (invoker below) and signatures in code. The Pub/Sub target is ALLOW_INTERNAL_ONLY.
  for_each = var.functions
  project  = var.project_id
  location = var.region
  name     = each.key # the URL path Twilio signs is /<name>: keep the target name

  build_config {
    runtime     = "python311"
    entry_point = each.key
    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    service_account_email            = each.value.service_account
    available_memory                 = each.value.memory
    timeout_seconds                  = each.value.trigger == "pubsub" ? 540 : 60
    max_instance_count               = var.max_instances
    max_instance_request_concurrency = 1
    # Twilio, the web app, the bridge and Cloud Tasks call from the internet (IAM and signatures
    # decide); Eventarc's push is internal traffic.
    ingress_settings               = each.value.trigger == "pubsub" ? "ALLOW_INTERNAL_ONLY" : "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    environment_variables          = local.environment

    dynamic "secret_environment_variables" {
      for_each = local.function_secrets[each.key]
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = each.value.trigger == "pubsub" ? [var.retention_topic] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = var.retention_trigger
    }
  }
}

# Who may invoke each function (gen2 functions are Cloud Run services: run.invoker decides).
locals {
  invokers = merge(
    { for name, fn in var.functions : name => "allUsers" if fn.public },
    { for name, fn in var.functions : name => "serviceAccount:${var.tasks_invoker}" if !fn.public && fn.trigger == "http" },
    { for name, fn in var.functions : name => "serviceAccount:${var.retention_trigger}" if fn.trigger == "pubsub" },
  )
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = local.invokers
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.fn[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value
}
