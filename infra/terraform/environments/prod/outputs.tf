output "twilio_webhooks" {
  description = "The URLs to paste into the Twilio console (docs/deploy.md)."
  value       = module.functions.twilio_webhooks
}

output "function_urls" {
  value = module.functions.urls
}

output "media_service_url" {
  value = module.media_service.url
}

output "web_app_url" {
  value = module.hosting.default_url
}

output "web_build_env" {
  description = "VITE_* for the web build; VITE_API_BASE is the crm_api URL."
  value       = merge(module.hosting.web_build_env, { VITE_API_BASE = module.functions.twilio_webhooks.crm_api_base_for_the_web_app })
}

output "tenant_numbers" {
  description = "Each tenant's routed Twilio numbers."
  value       = { for id, tenant in module.tenant : id => tenant.numbers }
}
