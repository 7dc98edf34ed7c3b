output "functions" {
  description = "The function catalogue with each function's service account."
  value = {
    for name, fn in local.functions : name => merge(fn, {
      service_account = google_service_account.function[name].email
      extra_secrets   = local.mounted_extra_secrets[name]
    })
  }
}

output "environment" {
  description = "Non-secret Settings every deployable runs with."
  value       = local.environment
}

output "secret_env" {
  description = "Environment variable → Secret Manager secret id."
  value       = { for env, id in local.secret_env : env => google_secret_manager_secret.app[id].secret_id }
}

output "required_secret_env" {
  value = local.required_secret_env
}

output "media_service" {
  value = merge(local.media_service, {
    service_account = google_service_account.media.email
    extra_secrets   = local.media_extra_secrets
  })
}

output "functions_base_url" {
  value = local.functions_base_url
}

output "functions_source_bucket" {
  value = google_storage_bucket.functions_source.name
}

output "image_repository" {
  description = "Where cloudbuild.yaml pushes images: REGION-docker.pkg.dev/PROJECT/agentlocator."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "retention_topic" {
  value = google_pubsub_topic.recording_retention.id
}

output "tasks_invoker" {
  value = google_service_account.tasks_invoker.email
}

output "retention_trigger" {
  value = google_service_account.retention_trigger.email
}

output "firestore_database" {
  value = google_firestore_database.default.name
}

output "media_service_name" {
  value = local.media_service_name
}
