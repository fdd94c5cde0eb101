package limits

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Store keeps the counters. MemoryStore is one; package dynamolimits has
// one on DynamoDB.
type Store interface {
	// Add adds delta (which may be negative or 0) to the counter at key if
	// the result stays between 0 and limit inclusive, and reports whether it
	// did. Concurrent Adds to one key never take it past limit. An absent
	// counter counts 0, and adding to it creates it; expires, set when the
	// counter is created and never moved, is when the store may forget it.
	// With delta 0, Add only tells whether the count is at most limit. An
	// error means the store could not tell, and that the add may or may not
	// have happened.
	Add(ctx context.Context, key string, delta, limit int, expires time.Time) (bool, error)
}

// Options configure New.
type Options struct {
	// Policy is the limits. Its zero value limits nothing: start from
	// DefaultPolicy.
	Policy Policy
	// Store keeps the counters. Required when Policy limits anything.
	Store Store
	// Key is the secret the counters' keys are derived from, at least
	// MinKeyLength bytes: the triggers' CODE_HASH_KEY. New copies nothing
	// of it but a derived key.
	Key []byte
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// Limiter applies a Policy to counters in a Store. It is safe for
// concurrent use. A nil *Limiter allows everything and locks nobody out.
type Limiter struct {
	policy Policy
	store  Store
	keys   keyer
	now    func() time.Time
	// full remembers the shards of shared budgets found full.
	full fullShards
}

// New returns a Limiter for o, or an error if o's policy is out of bounds,
// its key too short, or its store missing.
func New(o Options) (*Limiter, error) {
	var errs []error
	if err := o.Policy.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(o.Key) < MinKeyLength {
		errs = append(errs, fmt.Errorf("limits: key has %d bytes, needs at least %d", len(o.Key), MinKeyLength))
	}
	if o.Store == nil && o.Policy.On() {
		errs = append(errs, errors.New("limits: no store"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	policy := o.Policy
	policy.PerNumber = append([]Window(nil), policy.PerNumber...)
	policy.PerAddress = append([]Window(nil), policy.PerAddress...)
	return &Limiter{policy: policy, store: o.Store, keys: newKeyer(o.Key), now: now, full: fullShards{byKey: map[string]*fullSet{}}}, nil
}

// Policy returns the limits l applies.
func (l *Limiter) Policy() Policy {
	if l == nil {
		return Policy{}
	}
	p := l.policy
	p.PerNumber = append([]Window(nil), p.PerNumber...)
	p.PerAddress = append([]Window(nil), p.PerAddress...)
	return p
}

// Decision is the outcome of a check.
type Decision struct {
	// Allowed says whether the request may go on.
	Allowed bool
	// RefusedBy names the kind of limit that refused, or whose counter
	// could not be read; empty when allowed.
	RefusedBy Kind
	// Window is the window that refused; zero when allowed.
	Window Window
}

// String describes d for a log line, such as "refused by number (3 per
// 15m0s)". It names no number and no user.
func (d Decision) String() string {
	if d.Allowed {
		return "allowed"
	}
	return fmt.Sprintf("refused by %s (%v)", d.RefusedBy, d.Window)
}

var allowed = Decision{Allowed: true}

// counter is one counter a check adds to.
type counter struct {
	kind    Kind
	window  Window
	key     string
	expires time.Time // the end of the window
}

// shared reports whether the counter is a budget that every user of the
// pool (or of a country) draws on, rather than one address's allowance.
func (c counter) shared() bool {
	return c.kind == KindPool || c.kind == KindCountry || c.kind == KindEmailPool
}

// newCounter is the counter of kind and id in the window of w that holds
// now, or the one shift windows later.
func newCounter(kind Kind, id string, w Window, now time.Time, shift int64) counter {
	secs := int64(w.Length / time.Second)
	start := windowStart(now, w.Length) + shift*secs
	return counter{
		kind:    kind,
		window:  w,
		key:     counterKey(kind, id, w.Length, start),
		expires: time.Unix(start+secs, 0),
	}
}

// windowCounters lists one counter of kind per window of windows that is
// on, shortest first: the shortest refuses a burst before the longer
// windows are counted at all. id is called once, and only if a window is
// on, so no HMAC is computed for a kind that is off.
func windowCounters(kind Kind, windows []Window, id func() string, now time.Time) []counter {
	var counters []counter
	var ident string
	for _, w := range windows {
		if !w.On() {
			continue
		}
		if ident == "" {
			ident = id()
		}
		counters = append(counters, newCounter(kind, ident, w, now, 0))
	}
	for i := 1; i < len(counters); i++ {
		for j := i; j > 0 && counters[j].window.Length < counters[j-1].window.Length; j-- {
			counters[j], counters[j-1] = counters[j-1], counters[j]
		}
	}
	return counters
}

// smsCounters lists, in the order they are checked, the counters a code to
// number under countryCode adds to: the number's windows, shortest first,
// the country calling code, the pool's SMS budget.
func (l *Limiter) smsCounters(now time.Time, number, countryCode string) []counter {
	counters := windowCounters(KindNumber, l.policy.PerNumber, func() string { return l.keys.numberID(number) }, now)
	if w := l.policy.PerCountry; w.On() {
		counters = append(counters, newCounter(KindCountry, countryID(countryCode), w, now, 0))
	}
	if w := l.policy.Pool; w.On() {
		counters = append(counters, newCounter(KindPool, poolID, w, now, 0))
	}
	return counters
}

// emailCounters lists, in the order they are checked, the counters a code
// to address adds to: the address's windows, shortest first, then the
// pool's email budget.
func (l *Limiter) emailCounters(now time.Time, address string) []counter {
	counters := windowCounters(KindAddress, l.policy.PerAddress, func() string { return l.keys.addressID(address) }, now)
	if w := l.policy.EmailPool; w.On() {
		counters = append(counters, newCounter(KindEmailPool, poolID, w, now, 0))
	}
	return counters
}

// AllowSMS counts one code to number (E.164), whose country calling code is
// countryCode (such as "+44"), and reports whether it may be sent. It checks
// the number's windows, shortest first, then the country calling code, then
// the pool's SMS budget; when one refuses, the counts already taken are
// handed back, so a refused request spends nothing (see the package
// documentation). A store error refuses, naming the kind whose counter
// failed, and is returned.
func (l *Limiter) AllowSMS(ctx context.Context, number, countryCode string) (Decision, error) {
	if l == nil {
		return allowed, nil
	}
	return l.allow(ctx, l.smsCounters(l.now(), number, countryCode), Real)
}

// AllowEmail counts one code to the email address and reports whether it
// may be sent. It checks the address's windows (PerAddress), shortest
// first, then the pool's email budget (EmailPool), and hands back the
// counts already taken when one refuses, as AllowSMS does. Addresses of one
// mailbox (emailaddr.Mailbox: any case, a +tag, an IDNA spelling of the
// domain) share one count. Email counters are apart from SMS
// counters: no code by email spends a number's allowance or the SMS budget,
// and the other way round. A store error refuses, naming the kind whose
// counter failed, and is returned.
func (l *Limiter) AllowEmail(ctx context.Context, address string) (Decision, error) {
	if l == nil {
		return allowed, nil
	}
	return l.allow(ctx, l.emailCounters(l.now(), address), Real)
}

// Recipient says whether a code goes to a real user's address or to an
// unknown user's decoy, which is never sent.
type Recipient bool

// The recipients.
const (
	// Real is a known user's address: the code is sent, and every counter
	// counts it.
	Real Recipient = false
	// Decoy is the address of a name nobody signed up for: nothing is
	// sent, so the shared budgets (the pool's, a country's) are read, not
	// spent. Names nobody signed up for would otherwise be a free way to
	// spend the budgets real users need. The address's own windows still
	// count it, and a spent budget refuses it exactly as it refuses a real
	// user, so that no answer tells the two apart.
	Decoy Recipient = true
)

// allow adds one to each counter in turn, and stops at the first that
// refuses or fails: it hands back the counts taken before it and returns
// its kind and window. For a Decoy, a shared counter is only read: it
// refuses when full, as for a real user, and counts nothing.
func (l *Limiter) allow(ctx context.Context, counters []counter, to Recipient) (Decision, error) {
	var taken []counter
	for _, c := range counters {
		var ok bool
		var err error
		if c.shared() {
			c, ok, err = l.addShared(ctx, c, to)
		} else {
			ok, err = l.store.Add(ctx, c.key, 1, c.window.Limit, c.expires)
		}
		if err != nil || !ok {
			l.refund(ctx, taken, to)
			refused := Decision{RefusedBy: c.kind, Window: c.window}
			if err != nil {
				return refused, fmt.Errorf("limits: %s counter: %w", c.kind, err)
			}
			return refused, nil
		}
		taken = append(taken, c)
	}
	return allowed, nil
}

// addShared counts one code against a shared budget, spread over shards
// counters (budgetShards), each with its share of the limit: it starts at
// a shard chosen at random, so that concurrent sign-ins write to
// different items, and moves on to the next while one is full, so that
// the budget refuses only when every share is spent: exactly at its
// limit. A shard found full is remembered for the rest of its window
// (fullShards), so that a spent budget costs a request no write at all
// rather than one per shard. It returns c with the key of the shard that
// counted it. A Decoy only reads, by the same path: it is allowed where a
// real code would be, and counts nothing.
func (l *Limiter) addShared(ctx context.Context, c counter, to Recipient) (counter, bool, error) {
	n := l.budgetShards(c.window.Limit)
	full := l.full.known(c.key, n, l.now())
	first := rand.IntN(n)
	for i := range n {
		shard := (first + i) % n
		if full[shard] {
			continue
		}
		share := c.window.Limit / n
		if shard < c.window.Limit%n {
			share++
		}
		key := shardKey(c.key, shard)
		var ok bool
		var err error
		if to == Decoy {
			ok, err = l.store.Add(ctx, key, 0, share-1, c.expires)
		} else {
			ok, err = l.store.Add(ctx, key, 1, share, c.expires)
		}
		if err != nil || ok {
			c.key = key
			return c, ok, err
		}
		l.full.mark(c.key, shard, n, c.expires, l.now())
	}
	return c, false, nil
}

// budgetShards is how many counters a shared budget of limit codes is
// spread over: the policy's BudgetShards (or DefaultBudgetShards), but no
// more than limit, so that each has a share of at least one.
func (l *Limiter) budgetShards(limit int) int {
	n := l.policy.BudgetShards
	if n == 0 {
		n = DefaultBudgetShards
	}
	return max(min(n, limit), 1)
}

// refund hands back one count to each counter that allow added to, as far
// as the store lets it: a refund that fails leaves a count one too high,
// which only refuses more.
func (l *Limiter) refund(ctx context.Context, counters []counter, to Recipient) {
	for _, c := range counters {
		if to == Decoy && c.shared() {
			continue
		}
		l.store.Add(ctx, c.key, -1, c.window.Limit, c.expires)
	}
}

// AllowSignIn reports whether a new sign-in of username may send a code to
// number: Locked first, which consumes nothing, then the counters of
// AllowSMS, which a Decoy reads but does not spend where they are shared.
func (l *Limiter) AllowSignIn(ctx context.Context, username, number, countryCode string, to Recipient) (Decision, error) {
	if l == nil {
		return allowed, nil
	}
	if d, err := l.lockout(ctx, username); err != nil || !d.Allowed {
		return d, err
	}
	return l.allow(ctx, l.smsCounters(l.now(), number, countryCode), to)
}

// AllowEmailSignIn reports whether a new sign-in of username may send a
// code to the email address: Locked first, which consumes nothing, then
// the counters of AllowEmail, which a Decoy reads but does not spend where
// they are shared. The lockout is the user name's, whatever the channel.
func (l *Limiter) AllowEmailSignIn(ctx context.Context, username, address string, to Recipient) (Decision, error) {
	if l == nil {
		return allowed, nil
	}
	if d, err := l.lockout(ctx, username); err != nil || !d.Allowed {
		return d, err
	}
	return l.allow(ctx, l.emailCounters(l.now(), address), to)
}

// lockout is the Decision of Locked: refused by the lockout when username
// is locked out or the store fails.
func (l *Limiter) lockout(ctx context.Context, username string) (Decision, error) {
	locked, err := l.Locked(ctx, username)
	if err != nil || locked {
		return Decision{RefusedBy: KindLockout, Window: l.policy.WrongAnswers}, err
	}
	return allowed, nil
}

// lockCounter is username's wrong-answer counter in the window that holds
// now, or the next one (shift 1).
func (l *Limiter) lockCounter(now time.Time, username string, shift int64) counter {
	return newCounter(KindLockout, l.keys.nameID(username), l.policy.WrongAnswers, now, shift)
}

// Locked reports whether username is locked out: it has given the policy's
// limit of wrong answers in this window, or did in the previous one. User
// names that differ only in case share one count; an unknown name is
// counted like any other. Locked changes no count. A store error is
// returned with true.
func (l *Limiter) Locked(ctx context.Context, username string) (bool, error) {
	if l == nil || !l.policy.WrongAnswers.On() {
		return false, nil
	}
	c := l.lockCounter(l.now(), username, 0)
	below, err := l.store.Add(ctx, c.key, 0, c.window.Limit-1, c.expires)
	if err != nil {
		return true, fmt.Errorf("limits: %s counter: %w", c.kind, err)
	}
	return !below, nil
}

// RecordWrongAnswer counts a wrong answer of username. The answer that
// reaches the limit also fills the next window's counter, so that the
// lockout lasts until that window ends. The count stops at the limit.
func (l *Limiter) RecordWrongAnswer(ctx context.Context, username string) error {
	if l == nil || !l.policy.WrongAnswers.On() {
		return nil
	}
	now := l.now()
	c := l.lockCounter(now, username, 0)
	k := c.window.Limit
	// The common case, one call: the count stays below the limit.
	below, err := l.store.Add(ctx, c.key, 1, k-1, c.expires)
	if err != nil {
		return fmt.Errorf("limits: %s counter: %w", c.kind, err)
	}
	if below {
		return nil
	}
	// This answer is the k-th or a later one: fill this window (a no-op if
	// it is full already) and the next (a no-op if carried already).
	if _, err := l.store.Add(ctx, c.key, 1, k, c.expires); err != nil {
		return fmt.Errorf("limits: %s counter: %w", c.kind, err)
	}
	next := l.lockCounter(now, username, 1)
	if _, err := l.store.Add(ctx, next.key, k, k, next.expires); err != nil {
		return fmt.Errorf("limits: %s counter: %w", c.kind, err)
	}
	return nil
}
