# One environment = these modules with this directory's terraform.tfvars. staging and prod run
# the same file (tests/unit/infra checks it); only the state prefix and the tfvars differ.
terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.0"
    }
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
  # The bucket comes from `terraform init -backend-config=bucket=<project>-tfstate` (docs/deploy.md).
  backend "gcs" {
    prefix = "agentlocator/staging"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}

module "hosting" {
  source     = "../../modules/hosting"
  project_id = var.project_id
  site_id    = var.hosting_site_id
}

module "platform" {
  source                        = "../../modules/platform"
  project_id                    = var.project_id
  region                        = var.region
  web_app_origins               = module.hosting.origins
  twilio_account_sid            = var.twilio_account_sid
  whatsapp_template_content_sid = var.whatsapp_template_content_sid
  baileys_bridge_url            = var.baileys_bridge_url
  optional_secrets              = var.optional_secrets
}

module "media_service" {
  source          = "../../modules/media_service"
  project_id      = var.project_id
  name            = module.platform.media_service_name
  region          = var.region
  image           = var.media_image
  service_account = module.platform.media_service.service_account
  environment     = module.platform.environment
  secrets = {
    for env in concat(module.platform.required_secret_env, module.platform.media_service.extra_secrets) :
    env => module.platform.secret_env[env]
  }
  concurrency   = var.media_concurrency
  min_instances = var.media_min_instances
}

module "functions" {
  source              = "../../modules/functions"
  project_id          = var.project_id
  region              = var.region
  functions           = module.platform.functions
  environment         = module.platform.environment
  secret_env          = module.platform.secret_env
  required_secret_env = module.platform.required_secret_env
  source_bucket       = module.platform.functions_source_bucket
  source_object       = var.functions_source_object
  retention_topic     = module.platform.retention_topic
  tasks_invoker       = module.platform.tasks_invoker
  retention_trigger   = module.platform.retention_trigger
}

module "tenant" {
  source      = "../../modules/tenant"
  for_each    = var.tenants
  project_id  = var.project_id
  business_id = each.key
  tenant      = each.value
  depends_on  = [module.platform]
}
