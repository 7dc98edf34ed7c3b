# One tenant, the same shape as agentlocator.tenants.TenantSpec (tests/unit/infra compares them);
# unset optional fields take the product defaults from defaults.json.
variable "project_id" {
  type        = string
  description = "The Google Cloud project whose Firestore holds the tenant."
}

variable "business_id" {
  type        = string
  description = "The tenant's id (businesses/{business_id})."
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.business_id))
    error_message = "3-40 characters: lowercase letters, digits and inner hyphens."
  }
}

variable "tenant" {
  description = "The office: name, owner, numbers, hours, agents. `enabled = false` stops routing its numbers."
  type = object({
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
  })
  validation {
    condition = alltrue([
      for number in concat(var.tenant.voice_numbers, var.tenant.whatsapp_numbers) :
      can(regex("^\\+[1-9][0-9]{7,14}$", number))
    ])
    error_message = "Twilio numbers are E.164 (+9723…)."
  }
  validation {
    condition     = length(concat(var.tenant.voice_numbers, var.tenant.whatsapp_numbers)) > 0
    error_message = "A tenant needs at least one Twilio number."
  }
  validation {
    condition     = var.tenant.meeting_minutes == null ? true : (var.tenant.meeting_minutes >= 10 && var.tenant.meeting_minutes <= 240)
    error_message = "Meetings last 10 to 240 minutes."
  }
  validation {
    condition     = var.tenant.recording_retention_days == null ? true : (var.tenant.recording_retention_days >= 0 && var.tenant.recording_retention_days <= 2)
    error_message = "Recordings are kept at most 2 days."
  }
  validation {
    condition     = var.tenant.after_hours_mode == null ? true : contains(["agent", "voicemail"], var.tenant.after_hours_mode)
    error_message = "after_hours_mode is agent or voicemail."
  }
  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.tenant.owner.email))
    error_message = "The owner's e-mail is not an e-mail address."
  }
}
