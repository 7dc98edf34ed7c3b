"""What the caller gets about a booked meeting: a confirmation, a reminder the day before, an
.ics invite link."""
