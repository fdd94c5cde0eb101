// Package emailaddr checks, masks, canonicalises and allow-lists email
// addresses, with no AWS SDK: the counterpart of package phone for the
// email channel.
//
// Valid accepts a plain address "local@domain", as Cognito's email
// attribute holds it: one that net/mail reads as exactly itself, so no
// display name, angle brackets, comment or quoted local part, of at most
// 254 bytes, with no spaces or invisible characters, and a domain name with
// a dot. Mask hides an address for display and logs, like phone.Mask:
// "jane.doe@example.com" and "JANE.DOE@EXAMPLE.COM" are both
// "j***@e***.com", and anything that is not valid is "***", so a malformed
// value never reaches a log.
//
// # One form for each domain and each mailbox
//
// Email addresses decide who may sign up and how many codes one mailbox
// receives, so two spellings of one domain, or of one mailbox, must never
// be told apart, and two different ones never confused. CanonicalDomain
// gives a domain's one form, its IDNA A-labels in lower case, as DNS is
// asked for it; strings.ToLower is no such form, as it reads some
// characters otherwise than IDNA (U+0130 is i for the one, i and a
// combining dot for the other). Domain is the canonical domain of an
// address. Mailbox folds the spellings that reach one mailbox (case, +tags,
// the canonical domain, dots at Gmail) for the per-address limits, and
// says what it does not fold.
//
// DomainAllowList holds the ALLOWED_EMAIL_DOMAINS setting, such as
// "example.com,example.org", the counterpart of phone.AllowList. Domains
// are compared in their canonical form, and a domain admits exactly
// itself: listing example.com admits jane@example.com but not
// jane@mail.example.com, nor an address whose domain has no canonical
// form. The empty list allows every valid address.
package emailaddr
