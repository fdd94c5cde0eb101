package emailaddr

import "strings"

// gmail is the canonical domain of Google's consumer mail, and googlemail
// its other name for the very same mailboxes.
const (
	gmail      = "gmail.com"
	googlemail = "googlemail.com"
)

// Mailbox returns the mailbox that address reaches, in one form for all of
// its spellings, for counting what one mailbox receives: the per-address
// limits count Mailbox(address), never the address as typed, while a code
// is still sent to the address as typed. For a valid address it folds:
//
//   - case, of the whole address (strings.ToLower), as nearly every
//     provider ignores it;
//   - the subaddress tag: the local part ends before its first +, so
//     "jane+news" is "jane" (a local part that starts with + keeps
//     nothing, so all such local parts at one domain share a mailbox: an
//     over-count, which only refuses more);
//   - the domain, to its CanonicalDomain ("EXÄMPLE.DE" and
//     "xn--exmple-cua.de" alike), or lower-cased when IDNA refuses it;
//   - at Gmail only, the dots of the local part, and googlemail.com to
//     gmail.com: Gmail ignores dots, so without this "j.a.n.e" and its
//     like would each get a full allowance for one mailbox, the same
//     attack as tags, at the largest provider; googlemail.com is Google's
//     other name for the same mailboxes.
//
// It does not fold dots at any other domain, where most providers treat
// "jane.doe" and "janedoe" as two people, who must not spend each other's
// allowance; nor Google Workspace domains, which ignore dots too but cannot
// be told from the domain without asking DNS; nor separators other than +
// (such as -, part of many names); nor Unicode normalisation of the local
// part; nor catch-all domains, where every local part reaches one mailbox.
// What it leaves apart is bounded only by the pool's email budget. Anything
// that is not Valid is lower-cased whole, so that it still has a count.
func Mailbox(address string) string {
	if !Valid(address) {
		return strings.ToLower(address)
	}
	local, domain := split(address)
	local, _, _ = strings.Cut(strings.ToLower(local), "+")
	domain = mailboxDomain(domain)
	if domain == gmail {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// mailboxDomain is the CanonicalDomain of domain, gmail for googlemail,
// or domain lower-cased when IDNA refuses it, which then equals no
// canonical domain: still counted, apart.
func mailboxDomain(domain string) string {
	canonical, err := CanonicalDomain(domain)
	switch {
	case err != nil:
		return strings.ToLower(domain)
	case canonical == googlemail:
		return gmail
	}
	return canonical
}
