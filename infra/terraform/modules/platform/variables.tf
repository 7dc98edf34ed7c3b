variable "project_id" {
  type        = string
  description = "The Google Cloud project that hosts this environment of AgentLocator."
}

variable "region" {
  type        = string
  default     = "me-west1"
  description = "Region for Cloud Run, Functions, Tasks, Artifact Registry and the buckets (Tel Aviv)."
}

variable "web_app_origins" {
  type        = list(string)
  description = "Origins of the web app allowed by the CRM API's CORS (the Hosting site's URLs)."
  validation {
    condition     = alltrue([for origin in var.web_app_origins : startswith(origin, "https://")])
    error_message = "Web app origins must be https:// URLs."
  }
}

variable "twilio_account_sid" {
  type        = string
  description = "The Twilio account (AC…) whose numbers call in; not a secret (its auth token is)."
  validation {
    condition     = can(regex("^AC[0-9a-f]{32}$", var.twilio_account_sid))
    error_message = "A Twilio account SID is AC followed by 32 hex digits."
  }
}

variable "whatsapp_template_content_sid" {
  type        = string
  default     = null
  description = "Approved WhatsApp template (Twilio Content SID HX…) sent outside the 24-hour window."
}

variable "billing" {
  type = object({
    paypal_client_id  = string
    paypal_webhook_id = string
    paypal_live       = bool
    tranzila_terminal = string
    issuer_name       = string # the platform company that issues the invoices
    issuer_number     = string # its ח.פ (9 digits)
    # Reaching office owners: an SMS per invoice / notice from this Twilio number (null: none),
    # with invoice download links valid invoice_link_days; e-mail over SMTP (null host: none;
    # the password is the optional secret SMTP_PASSWORD).
    sms_from          = optional(string)
    invoice_link_days = optional(number, 30)
    email_from        = optional(string, "AgentLocator <billing@agentlocator.co.il>")
    smtp_host         = optional(string)
    smtp_port         = optional(number, 587)
    smtp_security     = optional(string, "starttls")
    smtp_username     = optional(string)
  })
  description = "Billing: PayPal app and webhook ids, the Tranzila terminal, the invoice issuer, how owners are reached (docs/billing.md)."
  validation {
    condition     = can(regex("^[0-9]{9}$", var.billing.issuer_number))
    error_message = "The issuer's company number (ח.פ) has 9 digits."
  }
  validation {
    condition     = contains(["starttls", "ssl"], var.billing.smtp_security)
    error_message = "SMTP is starttls (port 587) or ssl (port 465): mail never travels in clear."
  }
  validation {
    condition     = var.billing.sms_from == null || can(regex("^\\+[1-9][0-9]{7,14}$", var.billing.sms_from))
    error_message = "sms_from is a Twilio number in E.164 (+972…)."
  }
  validation {
    condition     = var.billing.invoice_link_days >= 1 && var.billing.invoice_link_days <= 365
    error_message = "Invoice links last 1 to 365 days."
  }
}

variable "baileys_bridge_url" {
  type        = string
  default     = ""
  description = "URL of the Baileys WhatsApp Web bridge; empty when no tenant uses it."
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

variable "functions_source_retention_days" {
  type        = number
  default     = 30
  description = "Days a built functions source archive is kept (rollback reaches this far back)."
}

variable "optional_secrets" {
  type        = list(string)
  default     = []
  description = "Optional secrets (catalogue.tf) that have a version in Secret Manager and are mounted; e.g. [\"OPENAI_API_KEY\"]. A mounted secret without a version would stop the deploy."
  validation {
    condition     = alltrue([for env in var.optional_secrets : contains(["OPENAI_API_KEY", "MEDIA_STATS_TOKEN", "PLATFORM_SEAL_CERT_PEM", "PLATFORM_SEAL_KEY_PEM", "SMTP_PASSWORD"], env)])
    error_message = "Only optional secrets (not required_secret_env) are listed here."
  }
}
