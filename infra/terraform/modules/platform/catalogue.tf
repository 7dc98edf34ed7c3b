# Every deployable, what starts it, who may call it and the least it needs. The functions module
# deploys from this map; tests/unit/infra checks it against agentlocator.config.Settings.
locals {
  # Settings fields held in Secret Manager: environment variable → secret id. Each is mounted as
  # `secret_environment_variables` (functions) or `value_source.secret_key_ref` (Cloud Run).
  secret_env = {
    TWILIO_AUTH_TOKEN     = "twilio-auth-token"
    STREAM_TOKEN_SECRET   = "stream-token-secret"
    BAILEYS_SHARED_SECRET = "baileys-shared-secret"
    OPENAI_API_KEY        = "openai-api-key"
    MEDIA_STATS_TOKEN     = "media-stats-token" # the media service's /stats bearer (issue 13)
    # Billing (docs/billing.md)
    SIGNING_LINK_SECRET    = "signing-link-secret"
    PAYPAL_CLIENT_SECRET   = "paypal-client-secret"
    TRANZILA_APP_KEY       = "tranzila-app-key"
    TRANZILA_SECRET        = "tranzila-secret"
    PLATFORM_SEAL_CERT_PEM = "platform-seal-cert-pem"
    PLATFORM_SEAL_KEY_PEM  = "platform-seal-key-pem"
    SMTP_PASSWORD          = "smtp-password" # e-mail to office owners (invoices, notices)
  }
  # Settings loads every field in every process, and a secret left at its local default would be a
  # publicly known key: every deployable gets these. OPENAI_API_KEY has no default (unset means the
  # offline engine), so only Leah's processes receive it.
  required_secret_env = [
    "TWILIO_AUTH_TOKEN", "STREAM_TOKEN_SECRET", "BAILEYS_SHARED_SECRET",
    "SIGNING_LINK_SECRET", "PAYPAL_CLIENT_SECRET", "TRANZILA_APP_KEY", "TRANZILA_SECRET",
  ]
  # An optional secret (extra_secrets below) is mounted only once var.optional_secrets names it,
  # i.e. once it has a version: Leah runs on her offline engine until OPENAI_API_KEY is added.
  mounted_extra_secrets = {
    for name, fn in local.functions : name => [for env in fn.extra_secrets : env if contains(var.optional_secrets, env)]
  }
  media_extra_secrets = [for env in local.media_service.extra_secrets : env if contains(var.optional_secrets, env)]

  functions = {
    voice_incoming = {
      trigger       = "http"
      public        = true # Twilio's webhook; its signature is checked in code
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "512Mi"
    }
    voice_status = {
      trigger       = "http"
      public        = true
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    recording_status = {
      trigger       = "http"
      public        = true
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = ["roles/storage.objectAdmin"] # copies the recording into the bucket
      enqueues      = false
      memory        = "512Mi"
    }
    voice_handoff = {
      trigger       = "http"
      public        = true # Twilio's <Connect action>, signature checked in code
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "512Mi"
    }
    voice_dial_result = {
      trigger       = "http"
      public        = true # Twilio's <Dial action>, signature checked in code
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    voice_agent_leg = {
      trigger       = "http"
      public        = true # a warm transfer's agent leg (key press, status), signature checked in code
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    notice_task = {
      trigger       = "http"
      public        = false # only Cloud Tasks, with the tasks-invoker account's OIDC token
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false # its own queues: iam.tf (queue_enqueuers)
      memory        = "256Mi"
    }
    meeting_reminder_task = {
      trigger       = "http"
      public        = false # only Cloud Tasks, with the tasks-invoker account's OIDC token
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    meeting_ics = {
      trigger       = "http"
      public        = true # the caller's invite link; an HMAC in the link decides
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    sweep_stale_streams = {
      trigger       = "http"
      public        = false # only Cloud Scheduler, with the tasks-invoker account's OIDC token
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    crm_api = {
      trigger       = "http"
      public        = true                                                 # the web app calls it; every request carries a Firebase ID token
      extra_secrets = ["PLATFORM_SEAL_CERT_PEM", "PLATFORM_SEAL_KEY_PEM"]  # seals signed contracts
      project_roles = ["roles/datastore.user", "roles/firebaseauth.admin"] # staff invites set claims
      bucket_roles  = ["roles/storage.objectViewer"]                       # signed links play recordings as crm_api
      enqueues      = false
      memory        = "512Mi"
    }
    whatsapp_inbound = {
      trigger       = "http"
      public        = true # Twilio's WhatsApp webhook, signature checked in code
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = true
      memory        = "512Mi"
    }
    whatsapp_send_task = {
      trigger       = "http"
      public        = false # only Cloud Tasks, with the tasks-invoker account's OIDC token
      extra_secrets = ["OPENAI_API_KEY"]
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "1Gi"
    }
    baileys_inbound = {
      trigger       = "http"
      public        = true # the bridge signs every request with the shared HMAC secret
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = true
      memory        = "512Mi"
    }
    paypal_webhook = {
      trigger = "http"
      public  = true # PayPal's webhook; its RSA signature is checked in code
      # e-mails invoices, credit notes and notices to the owner (SMTP login)
      extra_secrets = ["SMTP_PASSWORD"]
      project_roles = ["roles/datastore.user", "roles/firebaseauth.admin"] # provisions the owner
      bucket_roles  = []
      enqueues      = false
      memory        = "512Mi"
    }
    tranzila_notify = {
      trigger = "http"
      public  = true # Tranzila's notify: trusted only after re-querying the transaction
      # e-mails invoices, credit notes and notices to the owner (SMTP login)
      extra_secrets = ["SMTP_PASSWORD"]
      project_roles = ["roles/datastore.user", "roles/firebaseauth.admin"]
      bucket_roles  = []
      enqueues      = false
      memory        = "512Mi"
    }
    billing_daily = {
      trigger = "http"
      public  = false # only Cloud Scheduler, with the tasks-invoker account's OIDC token
      # e-mails invoices, credit notes and notices to the owner (SMTP login)
      extra_secrets = ["SMTP_PASSWORD"]
      project_roles = ["roles/datastore.user"]
      bucket_roles  = []
      enqueues      = false
      memory        = "256Mi"
    }
    purge_recordings = {
      trigger       = "pubsub"
      public        = false # only the retention trigger's account (Eventarc push)
      extra_secrets = []
      project_roles = ["roles/datastore.user"]
      bucket_roles  = ["roles/storage.objectAdmin"] # deletes expired recordings
      enqueues      = false
      memory        = "512Mi"
    }
  }

  media_service = {
    extra_secrets = ["OPENAI_API_KEY", "MEDIA_STATS_TOKEN"]
    project_roles = ["roles/datastore.user"]
  }
}
