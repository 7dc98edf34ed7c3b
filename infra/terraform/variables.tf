variable "project_id" {
  type        = string
  description = "The Google Cloud project that hosts AgentLocator."
}

variable "region" {
  type        = string
  default     = "me-west1"
  description = "Region for Cloud Run, Functions, Tasks and the recordings bucket (Tel Aviv)."
}

variable "media_image" {
  type        = string
  description = "Container image of the media stream service (built by cloudbuild.yaml)."
}

variable "web_app_origins" {
  type        = list(string)
  default     = []
  description = "Origins of the web app allowed by the CRM API's CORS."
}

variable "recording_retention_days" {
  type        = number
  default     = 2
  description = "Days call recordings are kept before the hourly purge deletes them."
  validation {
    condition     = var.recording_retention_days >= 0 && var.recording_retention_days <= 2
    error_message = "Recordings are kept at most 2 days."
  }
}
