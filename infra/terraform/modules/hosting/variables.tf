variable "project_id" {
  type        = string
  description = "The Google Cloud project (Firebase is added to it)."
}

variable "site_id" {
  type        = string
  description = "Firebase Hosting site id: the app is served at https://<site_id>.web.app."
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]$", var.site_id))
    error_message = "A site id is 6-63 lowercase letters, digits and hyphens."
  }
}
