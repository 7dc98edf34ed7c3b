variable "project_id" {
  type        = string
  description = "The Google Cloud project."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service."
}

variable "name" {
  type        = string
  description = "Service name; modules/platform derives MEDIA_STREAM_URL from it."
}

variable "image" {
  type        = string
  description = "Container image of the media stream service (cloudbuild.yaml builds it per commit)."
}

variable "service_account" {
  type        = string
  description = "The media service's own account (modules/platform)."
}

variable "environment" {
  type        = map(string)
  description = "Non-secret Settings (modules/platform output)."
}

variable "secrets" {
  type        = map(string)
  description = "Environment variable → Secret Manager secret id mounted into the container."
}

variable "concurrency" {
  type        = number
  default     = 100
  description = "Calls one instance carries at once (each ~2 µs of CPU per 20 ms frame)."
  validation {
    condition     = var.concurrency >= 1 && var.concurrency <= 1000
    error_message = "Concurrency is between 1 and 1000."
  }
}

variable "min_instances" {
  type        = number
  default     = 1
  description = "Warm instances: a cold start would leave a caller in silence."
}

variable "max_instances" {
  type        = number
  default     = 20
  description = "Upper bound of instances."
}
