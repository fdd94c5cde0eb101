// Package limits holds the abuse limits of passwordless sign-in as pure
// logic: how many codes may go by SMS to one phone number, to one country
// calling code and from the whole pool in a window, how many by email to one
// address and from the whole pool, and how many wrong answers lock a user
// name out. It imports no AWS SDK; the counters live behind Store,
// which MemoryStore implements in memory and package dynamolimits on
// DynamoDB.
//
// # Windows
//
// Every limit is a Window: at most Limit events per Length, counted in fixed
// windows aligned on multiples of Length since the Unix epoch (a 24-hour
// window runs from 00:00 to 24:00 UTC). One counter per window costs one
// conditional write per check, and an old window's counter is never read
// again, so a store may delete it late (DynamoDB's TTL does, within days).
// The price is the boundary: a burst at the end of one window and another at
// the start of the next let up to 2×Limit through within a span shorter than
// Length, though never more than Limit in any one window, so the long-run
// rate stays Limit per Length. Several windows on one kind narrow the burst:
// with the default 3 per 15 minutes and 10 per 24 hours, one number gets at
// most 6 codes in any 15 minutes and 20 in any 24 hours, and 10 a day in the
// long run. An email address has the same defaults. A sliding window (or the weighted two-window estimate) would
// need a second read per check and, on DynamoDB, a read-then-write or a
// retry loop; the fixed window needs neither.
//
// A lockout must last, not end at the next boundary a minute later, so the
// wrong-answer counter is carried: when a user name reaches its limit in one
// window, the next window's counter starts full. A lockout therefore lasts
// from the answer that caused it to the end of the following window,
// between Length and 2×Length.
//
// # Keys
//
// A counter's key is "<kind>#<id>#<length in seconds>#<window start, Unix
// seconds>", such as "n#Vb1pX0mZ4X8oKk4pQx6Vdw#900#1700000100". The kinds are
// n (phone number), c (country calling code), p (the pool's SMS budget), a
// (email address), e (the pool's email budget) and l (lockout, a user name).
// A number, an address or a user name never appears in a key: its id is the
// first 16 bytes, base64url, of an HMAC-SHA-256 under a key derived from the
// hash key the triggers already hold, so the store reveals none of them, and
// nobody without the key can find a number's or an address's counter.
// Numbers are reduced to their digits, addresses to their mailbox
// (emailaddr.Mailbox: lower case, no +tag, the domain's IDNA form) and user
// names lower-cased first, so "+1 555…" and "+1555…",
// "Jane+news@Example.com" and "jane@example.com", or "Alice" and "alice",
// share a counter. The HMAC
// covers the kind too, so an address and a number or a name with the same
// text never share an id, let alone a counter. A country calling code is not
// personal and appears as its digits ("c#44#3600#…"); the two pool budgets
// are "p#all#…" and "e#all#…". Each shared budget (pool, email pool,
// country) is spread over Policy.BudgetShards counters, each with its
// share of the limit and a key ending in "#<shard>", so that no one item
// takes every sign-in's write; a code tries a shard at random, then the
// next while one is full, so the budget refuses exactly at its limit.
//
// # Order and what a refusal consumes
//
// AllowSMS checks the number's windows (shortest first), then the country
// calling code, then the pool's SMS budget; AllowEmail checks the address's
// windows (shortest first), then the pool's email budget. Each is one
// conditional add that counts only if it stays within the limit, and both
// walk their list of counters the same way. A request counts against all of
// them or, as far as the store lets it, none: when one refuses, the counts
// this request already took are handed back. So a number over its limit
// never spends the pool budget or the country's, an address over its limit
// never spends the email budget, and a real user retrying while a pool
// budget is spent does not use up their own allowance.
// Refunds are best effort: one that fails leaves a count too high, which
// can only refuse more.
//
// The two channels count apart: an email code spends nothing of a number's
// allowance or of the SMS budget, and an SMS code nothing of an address's or
// of the email budget, so a flood of one cannot starve the other.
//
// AllowSignIn checks the lockout first, which consumes nothing, and only
// then AllowSMS, so a locked user name spends no SMS allowance;
// AllowEmailSignIn does the same before AllowEmail. The lockout is the user
// name's, whichever channel its codes go by.
//
// Callers should treat an unknown user exactly like a known one, so that
// no refusal reveals whether a user exists, but a decoy (Recipient Decoy:
// the create trigger's address for a name nobody signed up for, to which
// nothing is sent) must not spend what real users need: its address's own
// windows count it, while the shared budgets (the pool's, a country's) are
// only read, and refuse it when spent exactly as they refuse a real user.
// The pool budgets then count codes to real users.
//
// # Failure
//
// Every check fails closed: when the store fails, the request is refused
// and the error returned with the Decision. Nothing here logs; a Decision
// names the kind of limit that refused and never a number, an address or a
// name.
package limits
