# The documents agentlocator.tenants.documents.tenant_documents() renders, in Firestore's typed
# JSON. Office-owned documents (business, statuses, prompts, owner) are created once and then
# belong to the office: `ignore_changes = [fields]`, as the Python path creates them only if absent.
# Routes and the tenant record follow the tfvars on every apply.
locals {
  defaults = jsondecode(file("${path.module}/defaults.json"))
  t        = var.tenant
  bid      = var.business_id
  under    = "businesses/${var.business_id}"

  hours    = local.t.hours == null ? local.defaults.hours : local.t.hours
  agents   = local.t.agents == null ? local.defaults.agents : local.t.agents
  channels = ["voice", "whatsapp"]
  # Each number and what it routes; a number in both lists routes both channels.
  numbers = merge(
    { for n in local.t.whatsapp_numbers : n => "whatsapp" },
    { for n in local.t.voice_numbers : n => contains(local.t.whatsapp_numbers, n) ? "both" : "voice" },
  )
  created_at = { timestampValue = local.provisioned_at }

  business_fields = {
    id       = { stringValue = local.bid }
    name     = { stringValue = local.t.name }
    timezone = { stringValue = coalesce(local.t.timezone, local.defaults.timezone) }
    hours = { mapValue = { fields = { for day, ranges in local.hours : day => { arrayValue = { values = [
      for r in ranges : { mapValue = { fields = { open = { stringValue = r.open }, close = { stringValue = r.close } } } }
    ] } } } } }
    meeting_minutes = { integerValue = tostring(coalesce(local.t.meeting_minutes, local.defaults.meeting_minutes)) }
    agents = { arrayValue = { values = [for a in local.agents : { mapValue = { fields = {
      id             = { stringValue = a.id }
      name           = { stringValue = a.name }
      active         = { booleanValue = a.active }
      phone          = try(a.phone, null) == null ? { nullValue = null } : { stringValue = a.phone }
      notify_channel = { stringValue = coalesce(try(a.notify_channel, null), "sms") }
    } } }] } }
    voice_numbers            = { arrayValue = { values = [for n in local.t.voice_numbers : { stringValue = n }] } }
    whatsapp_numbers         = { arrayValue = { values = [for n in local.t.whatsapp_numbers : { stringValue = n }] } }
    greeting                 = local.t.greeting == null ? { nullValue = null } : { stringValue = local.t.greeting }
    tts_voice                = { stringValue = coalesce(local.t.tts_voice, local.defaults.tts_voice) }
    after_hours_mode         = { stringValue = coalesce(local.t.after_hours_mode, local.defaults.after_hours_mode) }
    recording_retention_days = { integerValue = tostring(coalesce(local.t.recording_retention_days, local.defaults.recording_retention_days)) }
    # handoff to a person and the office address: agentlocator.crm.models.Business defaults
    handoff_mode            = { stringValue = "dial" }
    handoff_timeout_seconds = { integerValue = "20" }
    handoff_no_answer       = { stringValue = "voicemail" }
    address                 = { nullValue = null }
    active_prompts = { mapValue = { fields = {
      voice    = { stringValue = "voice-v1" }
      whatsapp = { stringValue = "whatsapp-v1" }
    } } }
    created_at = local.created_at
  }

  status_fields = { for s in local.defaults.statuses : s.id => {
    id         = { stringValue = s.id }
    label      = { stringValue = s.label }
    order      = { integerValue = tostring(s.order) }
    color      = { stringValue = s.color }
    is_default = { booleanValue = s.is_default }
  } }

  prompt_fields = { for channel in local.channels : channel => {
    id          = { stringValue = "${channel}-v1" }
    business_id = { stringValue = local.bid }
    channel     = { stringValue = channel }
    version     = { integerValue = "1" }
    text        = { stringValue = local.defaults.prompts[channel] }
    created_by  = { stringValue = "terraform" }
    created_at  = local.created_at
  } }

  prompt_counter_fields = {
    latest = { integerValue = "1" }
  }

  owner_fields = {
    uid          = { stringValue = local.t.owner.uid }
    business_id  = { stringValue = local.bid }
    email        = { stringValue = lower(local.t.owner.email) }
    display_name = local.t.owner.display_name == null ? { nullValue = null } : { stringValue = local.t.owner.display_name }
    role         = { stringValue = "owner" }
    created_at   = local.created_at
    updated_at   = local.created_at
    added_by     = { stringValue = "terraform" }
  }

  route_fields = { for number, channel in local.numbers : number => {
    number      = { stringValue = number }
    business_id = { stringValue = local.bid }
    channel     = { stringValue = channel }
  } }

  record_fields = {
    business_id      = { stringValue = local.bid }
    name             = { stringValue = local.t.name }
    status           = { stringValue = local.t.enabled ? "active" : "disabled" }
    owner_uid        = { stringValue = local.t.owner.uid }
    owner_email      = { stringValue = lower(local.t.owner.email) }
    voice_numbers    = { arrayValue = { values = [for n in local.t.voice_numbers : { stringValue = n }] } }
    whatsapp_numbers = { arrayValue = { values = [for n in local.t.whatsapp_numbers : { stringValue = n }] } }
    provisioned_by   = { stringValue = "terraform" }
    created_at       = local.created_at
    updated_at       = { timestampValue = local.changed_at }
    disabled_at      = local.t.enabled ? { nullValue = null } : { timestampValue = local.changed_at }
  }
}
