"""The long-lived Cloud Run service that speaks Twilio Media Streams and runs Leah's calls."""
