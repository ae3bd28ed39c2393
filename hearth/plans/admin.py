"""Nothing from plans is registered in the back-office admin on purpose: every plan
holds personal health information, and the admin bypasses participant scopes and the
audit trail. Plans are read and changed only through the audited pages and API."""
