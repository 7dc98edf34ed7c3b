"""WhatsApp: one channel over two transports (Twilio's WhatsApp API and a Baileys bridge)."""
