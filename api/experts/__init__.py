"""Expert consultations: experts and their hours, bookings from the chat, the experts' console,
reminders and satisfaction surveys. `api.experts.feature` plugs it into the app."""
