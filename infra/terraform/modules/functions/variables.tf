variable "project_id" {
  type        = string
  description = "The Google Cloud project."
}

variable "region" {
  type        = string
  description = "Region of the functions (and of Eventarc's trigger)."
}

variable "functions" {
  description = "The catalogue from modules/platform: trigger, public or not, extra secrets, account."
  type = map(object({
    trigger         = string
    public          = bool
    extra_secrets   = list(string)
    memory          = string
    service_account = string
  }))
  validation {
    condition     = alltrue([for fn in values(var.functions) : contains(["http", "pubsub"], fn.trigger)])
    error_message = "A function is triggered by http or pubsub."
  }
}

variable "environment" {
  type        = map(string)
  description = "Non-secret Settings (modules/platform output)."
}

variable "secret_env" {
  type        = map(string)
  description = "Environment variable → Secret Manager secret id."
}

variable "required_secret_env" {
  type        = list(string)
  description = "Secrets every function receives."
}

variable "source_bucket" {
  type        = string
  description = "Bucket holding the functions source archives."
}

variable "source_object" {
  type        = string
  description = "The archive cloudbuild.yaml built for this commit (functions-<sha>.zip)."
}

variable "retention_topic" {
  type        = string
  description = "Pub/Sub topic id that triggers purge_recordings."
}

variable "tasks_invoker" {
  type        = string
  description = "Service account Cloud Tasks signs its OIDC token with."
}

variable "retention_trigger" {
  type        = string
  description = "Service account Eventarc pushes retention events with."
}

variable "max_instances" {
  type        = number
  default     = 20
  description = "Upper bound of instances per function."
}
