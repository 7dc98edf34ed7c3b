output "numbers" {
  description = "The tenant's Twilio numbers and the channels they route."
  value       = local.t.enabled ? local.numbers : {}
}
