"""AgentLocator shared core: imported by the Cloud Functions and the media stream service."""
