variable "project_id" {
  type        = string
  description = "The environment's Google Cloud project."
}

variable "region" {
  type        = string
  default     = "me-west1"
  description = "Region of everything regional (Tel Aviv)."
}

variable "hosting_site_id" {
  type        = string
  description = "Firebase Hosting site id of the staff web app."
}

variable "twilio_account_sid" {
  type        = string
  description = "The Twilio account whose numbers call in."
}

variable "whatsapp_template_content_sid" {
  type        = string
  default     = null
  description = "Approved WhatsApp template (HX…) for replies outside the 24-hour window."
}

variable "billing" {
  type = object({
    paypal_client_id  = string
    paypal_webhook_id = string
    paypal_live       = bool
    tranzila_terminal = string
    issuer_name       = string
    issuer_number     = string
    sms_from          = optional(string)
    invoice_link_days = optional(number, 30)
    email_from        = optional(string, "AgentLocator <billing@agentlocator.co.il>")
    smtp_host         = optional(string)
    smtp_port         = optional(number, 587)
    smtp_security     = optional(string, "starttls")
    smtp_username     = optional(string)
  })
  description = "PayPal app and webhook ids, the Tranzila terminal, the invoice issuer, how owners are reached: SMS number, SMTP (docs/billing.md)."
}

variable "baileys_bridge_url" {
  type        = string
  default     = ""
  description = "The Baileys bridge's URL, when a tenant uses WhatsApp Web."
}

variable "optional_secrets" {
  type        = list(string)
  default     = []
  description = "Optional secrets that have a version and are mounted, e.g. [\"OPENAI_API_KEY\"] (docs/deploy.md)."
}

variable "media_image" {
  type        = string
  description = "Media stream image, REGION-docker.pkg.dev/PROJECT/agentlocator/media-stream:SHA (cloudbuild.yaml)."
}

variable "functions_source_object" {
  type        = string
  description = "Functions source archive in the source bucket, functions-SHA.zip (cloudbuild.yaml)."
}

variable "media_concurrency" {
  type        = number
  default     = 100
  description = "Calls per media service instance."
}

variable "media_min_instances" {
  type        = number
  default     = 1
  description = "Warm media service instances."
}

variable "tenants" {
  description = "business_id → tenant (the shape of modules/tenant's `tenant`). `terraform apply` provisions them."
  default     = {}
  type = map(object({
    name = string
    owner = object({
      uid          = string
      email        = string
      display_name = optional(string)
    })
    timezone = optional(string)
    hours = optional(map(list(object({
      open  = string
      close = string
    }))))
    meeting_minutes = optional(number)
    agents = optional(list(object({
      id             = string
      name           = string
      active         = optional(bool, true)
      phone          = optional(string)        # E.164: call summaries go here
      notify_channel = optional(string, "sms") # sms or whatsapp
    })))
    voice_numbers            = optional(list(string), [])
    whatsapp_numbers         = optional(list(string), [])
    greeting                 = optional(string)
    tts_voice                = optional(string)
    after_hours_mode         = optional(string)
    recording_retention_days = optional(number)
    enabled                  = optional(bool, true)
  }))
  validation {
    condition = length(flatten([for t in values(var.tenants) : distinct(concat(t.voice_numbers, t.whatsapp_numbers))])) == length(distinct(flatten([
      for t in values(var.tenants) : concat(t.voice_numbers, t.whatsapp_numbers)
    ])))
    error_message = "A Twilio number belongs to one tenant only."
  }
}
