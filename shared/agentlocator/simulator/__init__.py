"""A Hebrew caller simulator: plays real audio into the media service like Twilio would."""
