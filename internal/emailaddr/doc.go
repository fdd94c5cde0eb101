// Package emailaddr checks, masks and allow-lists email addresses, with no
// AWS SDK: the counterpart of package phone for the email channel.
//
// Valid accepts a plain address "local@domain", as Cognito's email
// attribute holds it: one that net/mail reads as exactly itself, so no
// display name, angle brackets, comment or quoted local part, of at most
// 254 bytes, with no spaces or invisible characters, and a domain name with
// a dot. Mask hides an address for display and logs, like phone.Mask:
// "jane.doe@example.com" is "j***@e***.com", and anything that is not
// valid is "***", so a malformed value never reaches a log.
//
// DomainAllowList holds the ALLOWED_EMAIL_DOMAINS setting, such as
// "example.com,example.org", the counterpart of phone.AllowList. Domains
// are compared in lower case, and a domain admits exactly itself: listing
// example.com admits jane@example.com but not jane@mail.example.com. The
// empty list allows every valid address.
package emailaddr
