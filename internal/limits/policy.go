package limits

import (
	"errors"
	"fmt"
	"time"
)

// Window is a limit of Limit events per Length, counted in fixed windows
// aligned on multiples of Length since the Unix epoch. Limit 0 turns it off.
type Window struct {
	Limit  int
	Length time.Duration
}

// On reports whether w limits anything.
func (w Window) On() bool { return w.Limit > 0 }

// String reads like "3 per 15m0s"; an off window is "off".
func (w Window) String() string {
	if !w.On() {
		return "off"
	}
	return fmt.Sprintf("%d per %v", w.Limit, w.Length)
}

// Bounds of a Window that is on.
const (
	// MinLength is the shortest window: keys count time in whole seconds.
	MinLength = time.Second
	// MaxLength is the longest window, a year: a counter is kept that long.
	MaxLength = 366 * 24 * time.Hour
	// MaxLimit bounds Limit far above any sensible setting, so that a
	// count never overflows a store's number type.
	MaxLimit = 1 << 30
)

// Default limits, as DefaultPolicy sets them.
const (
	DefaultNumberShort        = 3 // codes per number per DefaultNumberShortLength
	DefaultNumberShortLength  = 15 * time.Minute
	DefaultNumberLong         = 10 // codes per number per DefaultNumberLongLength
	DefaultNumberLongLength   = 24 * time.Hour
	DefaultPoolPerHour        = 100 // SMS codes per hour for the whole pool
	DefaultAddressShort       = 3   // codes per email address per DefaultAddressShortLength
	DefaultAddressShortLength = 15 * time.Minute
	DefaultAddressLong        = 10 // codes per email address per DefaultAddressLongLength
	DefaultAddressLongLength  = 24 * time.Hour
	DefaultEmailPoolPerHour   = 1000 // email codes per hour for the whole pool
	DefaultWrongAnswers       = 10   // wrong answers per user name per DefaultWrongAnswersLength
	DefaultWrongAnswersLength = time.Hour
	// DefaultBudgetShards is how many items each shared budget is spread
	// over: one DynamoDB item takes about 1,000 writes a second, so 16
	// serve about 16,000 first-round codes a second.
	DefaultBudgetShards = 16
	// MaxBudgetShards bounds BudgetShards: a refusal near the budget's end
	// may try every shard.
	MaxBudgetShards = 100
)

// Policy is the set of limits a Limiter applies. Its zero value limits
// nothing; DefaultPolicy returns the defaults.
type Policy struct {
	// PerNumber limits the SMS codes to one destination phone number; every
	// window must allow. Their lengths must differ. Default: 3 per 15
	// minutes and 10 per 24 hours.
	PerNumber []Window
	// PerCountry limits the SMS codes to each country calling code separately.
	// Default: off.
	PerCountry Window
	// Pool is the budget of SMS codes for the whole user pool. Default: 100
	// per hour. Raise it with the expected peak of SMS sign-ins per hour;
	// the SMS spend limit of the AWS account still applies on top.
	Pool Window
	// PerAddress limits the codes to one mailbox, however its address is
	// spelt (emailaddr.Mailbox);
	// every window must allow. Their lengths must differ. Default: 3 per 15
	// minutes and 10 per 24 hours.
	PerAddress []Window
	// EmailPool is the budget of email codes for the whole user pool, apart
	// from the SMS budget (Pool). Default: 1000 per hour. The sending quota
	// of the SES account still applies on top.
	EmailPool Window
	// WrongAnswers locks a user name out once it has given Limit wrong
	// answers in a window, across sign-ins, until the end of the next
	// window, whichever channel its codes went by. Default: 10 per hour.
	WrongAnswers Window
	// BudgetShards is how many counters each shared budget (Pool,
	// EmailPool, PerCountry) is spread over, each holding its share of the
	// limit, so that no single item takes every sign-in's write. 0 means
	// DefaultBudgetShards; a budget smaller than it uses one counter per
	// code of the budget.
	BudgetShards int
}

// DefaultPolicy returns the default limits, described on Policy's fields.
func DefaultPolicy() Policy {
	return Policy{
		PerNumber: []Window{
			{Limit: DefaultNumberShort, Length: DefaultNumberShortLength},
			{Limit: DefaultNumberLong, Length: DefaultNumberLongLength},
		},
		Pool: Window{Limit: DefaultPoolPerHour, Length: time.Hour},
		PerAddress: []Window{
			{Limit: DefaultAddressShort, Length: DefaultAddressShortLength},
			{Limit: DefaultAddressLong, Length: DefaultAddressLongLength},
		},
		EmailPool:    Window{Limit: DefaultEmailPoolPerHour, Length: time.Hour},
		WrongAnswers: Window{Limit: DefaultWrongAnswers, Length: DefaultWrongAnswersLength},
	}
}

// On reports whether p limits anything at all.
func (p Policy) On() bool {
	return anyOn(p.PerNumber) || anyOn(p.PerAddress) ||
		p.PerCountry.On() || p.Pool.On() || p.EmailPool.On() || p.WrongAnswers.On()
}

// anyOn reports whether one of windows limits anything.
func anyOn(windows []Window) bool {
	for _, w := range windows {
		if w.On() {
			return true
		}
	}
	return false
}

// Validate reports every window that is out of bounds.
func (p Policy) Validate() error {
	errs := validateWindows(nil, "per-number", p.PerNumber)
	errs = validateWindows(errs, "per-address", p.PerAddress)
	errs = append(errs,
		p.PerCountry.validate("per-country window"),
		p.Pool.validate("pool window"),
		p.EmailPool.validate("email pool window"),
		p.WrongAnswers.validate("wrong-answer window"))
	if p.BudgetShards < 0 || p.BudgetShards > MaxBudgetShards {
		errs = append(errs, fmt.Errorf("limits: %d budget shards, want 0 (the default, %d) to %d", p.BudgetShards, DefaultBudgetShards, MaxBudgetShards))
	}
	return errors.Join(errs...)
}

// validateWindows appends to errs what is wrong with the windows of one
// kind, named like "per-number": each window's bounds, and two windows
// that are on with the same length.
func validateWindows(errs []error, name string, windows []Window) []error {
	lengths := map[time.Duration]bool{}
	for i, w := range windows {
		errs = append(errs, w.validate(fmt.Sprintf("%s window %d", name, i+1)))
		if w.On() {
			if lengths[w.Length] {
				errs = append(errs, fmt.Errorf("limits: two %s windows of %v", name, w.Length))
			}
			lengths[w.Length] = true
		}
	}
	return errs
}

func (w Window) validate(name string) error {
	switch {
	case w.Limit < 0:
		return fmt.Errorf("limits: %s: limit %d is negative (0 turns it off)", name, w.Limit)
	case w.Limit == 0:
		return nil
	case w.Limit > MaxLimit:
		return fmt.Errorf("limits: %s: limit %d is above %d", name, w.Limit, MaxLimit)
	case w.Length < MinLength || w.Length > MaxLength:
		return fmt.Errorf("limits: %s: length %v is not between %v and %v", name, w.Length, MinLength, MaxLength)
	case w.Length%time.Second != 0:
		return fmt.Errorf("limits: %s: length %v is not a whole number of seconds", name, w.Length)
	}
	return nil
}
