package limits_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// TestEmailThresholds sends under, at and over each email limit within one
// window: every request up to the limit is allowed, the one over it is
// refused by that limit.
func TestEmailThresholds(t *testing.T) {
	same := func(int) string { return address(1) }
	distinct := func(i int) string { return address(i) }
	// Spellings of one address that differ only in case.
	cased := func(i int) string {
		return []string{"Jane.Doe@Example.com", "jane.doe@example.com", "JANE.DOE@EXAMPLE.COM", "jane.DOE@example.COM"}[i%4]
	}
	defaults := limits.DefaultPolicy()
	defaults.EmailPool = win(limits.MaxLimit, time.Hour)
	cases := []struct {
		name    string
		policy  limits.Policy
		address func(i int) string
		limit   int
		want    limits.Kind
		window  limits.Window
	}{
		{"address, one short window", limits.Policy{PerAddress: []limits.Window{win(3, 15*time.Minute)}}, same, 3, limits.KindAddress, win(3, 15*time.Minute)},
		{"address, one long window", limits.Policy{PerAddress: []limits.Window{win(10, 24*time.Hour)}}, same, 10, limits.KindAddress, win(10, 24*time.Hour)},
		{"address, defaults", defaults, same, limits.DefaultAddressShort, limits.KindAddress, win(limits.DefaultAddressShort, limits.DefaultAddressShortLength)},
		{"address, long window listed first", limits.Policy{PerAddress: []limits.Window{win(5, time.Hour), win(2, time.Minute)}}, same, 2, limits.KindAddress, win(2, time.Minute)},
		{"address, any case", limits.Policy{PerAddress: []limits.Window{win(4, time.Hour)}}, cased, 4, limits.KindAddress, win(4, time.Hour)},
		{"address, an off window skipped", limits.Policy{PerAddress: []limits.Window{win(0, time.Minute), win(2, time.Hour)}}, same, 2, limits.KindAddress, win(2, time.Hour)},
		{"email pool", limits.Policy{EmailPool: win(7, time.Hour)}, distinct, 7, limits.KindEmailPool, win(7, time.Hour)},
		{"email pool, default", limits.DefaultPolicy(), distinct, limits.DefaultEmailPoolPerHour, limits.KindEmailPool, win(limits.DefaultEmailPoolPerHour, time.Hour)},
		{"address before email pool", limits.Policy{PerAddress: []limits.Window{win(3, time.Hour)}, EmailPool: win(3, time.Hour)}, same, 3, limits.KindAddress, win(3, time.Hour)},
		{"SMS limits do not apply", limits.Policy{PerNumber: []limits.Window{win(1, time.Hour)}, PerCountry: win(1, time.Hour), Pool: win(1, time.Hour), EmailPool: win(5, time.Hour)}, same, 5, limits.KindEmailPool, win(5, time.Hour)},
	}
	for _, tc := range cases {
		for _, over := range []int{-1, 0, 1} {
			t.Run(fmt.Sprintf("%s/%+d", tc.name, over), func(t *testing.T) {
				l, _ := newLimiter(t, tc.policy, newClock(start.Add(time.Second)))
				for i := range tc.limit + over {
					d := mustAllowEmail(t, l, tc.address(i))
					if i < tc.limit && !d.Allowed {
						t.Fatalf("request %d of %d: %v, want allowed", i+1, tc.limit, d)
					}
					if i == tc.limit && (d.Allowed || d.RefusedBy != tc.want || d.Window != tc.window) {
						t.Fatalf("request %d: %v, want refused by %s (%v)", i+1, d, tc.want, tc.window)
					}
				}
			})
		}
	}
}

// TestAddressWindowsRollOver moves the clock across the default windows of
// one address.
func TestAddressWindowsRollOver(t *testing.T) {
	c := newClock(start)
	policy := limits.DefaultPolicy()
	l, _ := newLimiter(t, limits.Policy{PerAddress: policy.PerAddress}, c)
	expect := func(want bool, length time.Duration) {
		t.Helper()
		d := mustAllowEmail(t, l, "jane@example.com")
		if d.Allowed != want || (!want && (d.RefusedBy != limits.KindAddress || d.Window.Length != length)) {
			t.Fatalf("at %v: %v, want allowed %v (refused per %v)", c.Now().Format(time.TimeOnly), d, want, length)
		}
	}
	// 3 in each of the day's first three 15 minutes, then 1: 10 in all.
	for q := range 4 {
		c.Set(start.Add(time.Duration(q) * 15 * time.Minute))
		for range min(3, 10-3*q) {
			expect(true, 0)
		}
		if q < 3 {
			expect(false, 15*time.Minute)
		}
	}
	expect(false, 24*time.Hour)
	c.Set(start.Add(24*time.Hour - time.Second))
	expect(false, 24*time.Hour)
	c.Set(start.Add(24 * time.Hour))
	expect(true, 0)
}

// TestEmailRefusalSpendsNothing: an email request refused by one limit
// leaves every other counter as it was.
func TestEmailRefusalSpendsNothing(t *testing.T) {
	t.Run("address refusal spends no email pool", func(t *testing.T) {
		l, store := newLimiter(t, limits.Policy{
			PerAddress: []limits.Window{win(1, 15*time.Minute), win(5, 24*time.Hour)},
			EmailPool:  win(2, time.Hour),
		}, newClock(start))
		mustAllowEmail(t, l, address(1))
		for range 20 {
			if d := mustAllowEmail(t, l, address(1)); d.RefusedBy != limits.KindAddress {
				t.Fatalf("repeat: %v, want refused by address", d)
			}
		}
		if a, e := store.netOf("a"), store.netOf("e"); a != 2 || e != 1 {
			t.Errorf("net counts: address %d (want 2: one per window), email pool %d (want 1)", a, e)
		}
		if d := mustAllowEmail(t, l, address(2)); !d.Allowed {
			t.Errorf("another address: %v, want allowed: the email pool has room for 2", d)
		}
	})
	t.Run("email pool refusal hands back the address's counts", func(t *testing.T) {
		c := newClock(start)
		l, store := newLimiter(t, limits.Policy{
			PerAddress: []limits.Window{win(1, 15*time.Minute), win(1, 24*time.Hour)},
			EmailPool:  win(1, time.Hour),
		}, c)
		mustAllowEmail(t, l, address(1))
		if d := mustAllowEmail(t, l, address(2)); d.RefusedBy != limits.KindEmailPool {
			t.Fatalf("second address: %v, want refused by email-pool", d)
		}
		if a := store.netOf("a"); a != 2 {
			t.Errorf("net address counts after the email pool refused: %d, want 2 (address 1's two windows)", a)
		}
		c.Advance(time.Hour) // the pool refills; address 2's day was not spent
		if d := mustAllowEmail(t, l, address(2)); !d.Allowed {
			t.Errorf("address 2 an hour later: %v, want allowed", d)
		}
	})
	t.Run("long window refusal hands back the short one", func(t *testing.T) {
		c := newClock(start)
		l, store := newLimiter(t, limits.Policy{PerAddress: []limits.Window{win(2, time.Hour), win(2, time.Minute)}}, c)
		mustAllowEmail(t, l, address(1))
		c.Advance(time.Minute)
		mustAllowEmail(t, l, address(1))
		c.Advance(time.Minute)
		if d := mustAllowEmail(t, l, address(1)); d.Window.Length != time.Hour {
			t.Fatalf("third in the hour: %v, want refused by the hour", d)
		}
		if a := store.netOf("a"); a != 4 {
			t.Errorf("net address counts %d, want 4 (2 per window)", a)
		}
	})
}

// TestChannelsApart: SMS and email count apart, even for an address and a
// number with the same text, and neither touches the lockout.
func TestChannelsApart(t *testing.T) {
	ctx := context.Background()
	for _, text := range []string{"+15555550123", "15555550123@example.com", "alice"} {
		t.Run("same text, two counters: "+text, func(t *testing.T) {
			l, store := newLimiter(t, limits.Policy{
				PerNumber:  []limits.Window{win(1, time.Hour)},
				PerAddress: []limits.Window{win(1, time.Hour)},
			}, newClock(start))
			if d := mustAllowSMS(t, l, text, "+1"); !d.Allowed {
				t.Fatalf("SMS to %q: %v, want allowed", text, d)
			}
			if d := mustAllowEmail(t, l, text); !d.Allowed {
				t.Fatalf("email to %q after an SMS to it: %v, want allowed: the SMS spent its number's count", text, d)
			}
			if d := mustAllowSMS(t, l, text, "+1"); d.RefusedBy != limits.KindNumber {
				t.Fatalf("second SMS to %q: %v, want refused by number", text, d)
			}
			if d := mustAllowEmail(t, l, text); d.RefusedBy != limits.KindAddress {
				t.Fatalf("second email to %q: %v, want refused by address", text, d)
			}
			var numberKeys, addressKeys []string
			for _, key := range store.keys() {
				switch key[0] {
				case 'n':
					numberKeys = append(numberKeys, strings.SplitN(key, "#", 3)[1])
				case 'a':
					addressKeys = append(addressKeys, strings.SplitN(key, "#", 3)[1])
				}
			}
			for _, id := range addressKeys {
				if contains(numberKeys, id) {
					t.Errorf("address id %s is also a number id", id)
				}
			}
		})
	}
	t.Run("a spent SMS budget leaves the email budget", func(t *testing.T) {
		l, store := newLimiter(t, limits.Policy{Pool: win(2, time.Hour), EmailPool: win(3, time.Hour)}, newClock(start))
		for i := range 3 {
			mustAllowSMS(t, l, number(i), "+1")
		}
		for i := range 3 {
			if d := mustAllowEmail(t, l, address(i)); !d.Allowed {
				t.Fatalf("email %d with the SMS budget spent: %v, want allowed", i+1, d)
			}
		}
		if d := mustAllowEmail(t, l, address(3)); d.RefusedBy != limits.KindEmailPool {
			t.Fatalf("fourth email: %v, want refused by email-pool", d)
		}
		if d := mustAllowSMS(t, l, number(9), "+1"); d.RefusedBy != limits.KindPool {
			t.Fatalf("SMS: %v, want refused by pool", d)
		}
		if p, e := store.netOf("p"), store.netOf("e"); p != 2 || e != 3 {
			t.Errorf("net counts: SMS pool %d, email pool %d; want 2, 3", p, e)
		}
	})
	t.Run("emails lock nobody out", func(t *testing.T) {
		l, store := newLimiter(t, limits.Policy{PerAddress: []limits.Window{win(1, time.Hour)}, WrongAnswers: win(1, time.Hour)}, newClock(start))
		for range 3 {
			mustAllowEmail(t, l, "jane@example.com")
		}
		if locked, err := l.Locked(ctx, "jane@example.com"); err != nil || locked {
			t.Errorf("Locked after emails: %v, %v; want false", locked, err)
		}
		if err := l.RecordWrongAnswer(ctx, "bob@example.com"); err != nil {
			t.Fatal(err)
		}
		if d := mustAllowEmail(t, l, "bob@example.com"); !d.Allowed {
			t.Errorf("email to a locked user name's text: %v, want allowed (AllowEmail checks no lockout)", d)
		}
		if a := store.netOf("a"); a != 2 {
			t.Errorf("net address counts %d, want 2", a)
		}
	})
}

// TestLockoutRefusesEmailSignIn gives under, at and over the limit of
// wrong answers, then starts an email sign-in.
func TestLockoutRefusesEmailSignIn(t *testing.T) {
	ctx := context.Background()
	for _, k := range []int{1, 3, limits.DefaultWrongAnswers} {
		for _, over := range []int{-1, 0, 1} {
			t.Run(fmt.Sprintf("%d%+d", k, over), func(t *testing.T) {
				policy := limits.DefaultPolicy()
				policy.WrongAnswers = win(k, time.Hour)
				l, store := newLimiter(t, policy, newClock(start))
				for range k + over {
					if err := l.RecordWrongAnswer(ctx, "Jane"); err != nil {
						t.Fatal(err)
					}
				}
				d, err := l.AllowEmailSignIn(ctx, "jane", "jane@example.com", limits.Real)
				if err != nil || d.Allowed != (over < 0) {
					t.Fatalf("AllowEmailSignIn after %d wrong answers: %v, %v; want allowed %v", k+over, d, err, over < 0)
				}
				wantCounts := 2 + 1 // two address windows and the email pool
				if !d.Allowed {
					if d.RefusedBy != limits.KindLockout || d.Window != win(k, time.Hour) {
						t.Errorf("AllowEmailSignIn: %v, want refused by lockout (%v)", d, win(k, time.Hour))
					}
					wantCounts = 0
				}
				if a, e := store.netOf("a"), store.netOf("e"); a+e != wantCounts {
					t.Errorf("net counts: address %d, email pool %d; want %d in all", a, e, wantCounts)
				}
				if store.netOf("n")+store.netOf("p") != 0 {
					t.Error("an email sign-in counted against SMS")
				}
			})
		}
	}
	t.Run("another name", func(t *testing.T) {
		l, _ := newLimiter(t, limits.DefaultPolicy(), newClock(start))
		for range limits.DefaultWrongAnswers {
			l.RecordWrongAnswer(ctx, "mallory")
		}
		if d, err := l.AllowEmailSignIn(ctx, "jane", "mallory@example.com", limits.Real); err != nil || !d.Allowed {
			t.Errorf("AllowEmailSignIn of another name: %v, %v; want allowed", d, err)
		}
	})
	t.Run("the address's limit after the lockout", func(t *testing.T) {
		l, _ := newLimiter(t, limits.Policy{PerAddress: []limits.Window{win(1, time.Hour)}, WrongAnswers: win(3, time.Hour)}, newClock(start))
		mustAllowEmail(t, l, "jane@example.com")
		d, err := l.AllowEmailSignIn(ctx, "jane", "JANE@example.com", limits.Real)
		if err != nil || d.RefusedBy != limits.KindAddress {
			t.Errorf("AllowEmailSignIn: %v, %v; want refused by address", d, err)
		}
	})
}

// TestEmailFailClosed: whichever call fails, nothing is allowed, the error
// comes back, and the counts taken before are handed back.
func TestEmailFailClosed(t *testing.T) {
	policy := limits.Policy{
		PerAddress:   []limits.Window{win(3, 15*time.Minute), win(10, 24*time.Hour)},
		EmailPool:    win(10, time.Hour),
		WrongAnswers: win(2, time.Hour),
	}
	for i, kind := range []limits.Kind{limits.KindAddress, limits.KindAddress, limits.KindEmailPool} {
		t.Run(fmt.Sprintf("AllowEmail call %d", i+1), func(t *testing.T) {
			c := newClock(start)
			store := &failing{ledger: newLedger(c.Now), failAt: i + 1}
			l, err := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			d, err := l.AllowEmail(context.Background(), "jane.doe@example.com")
			if !errors.Is(err, errStore) || d.Allowed || d.RefusedBy != kind {
				t.Errorf("got %v, %v; want refused by %s with the store's error", d, err, kind)
			}
			if err != nil && (strings.Contains(err.Error(), "jane") || strings.Contains(err.Error(), "example")) {
				t.Errorf("error names the address: %v", err)
			}
			d, err = l.AllowEmailSignIn(context.Background(), "jane", "jane.doe@example.com", limits.Real)
			if err == nil || d.Allowed {
				t.Errorf("AllowEmailSignIn: %v, %v; want refused with an error", d, err)
			}
		})
	}
	t.Run("refund after a failure", func(t *testing.T) {
		c := newClock(start)
		store := &flaky{ledger: newLedger(c.Now), failKey: "e#"}
		l, _ := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey, Now: c.Now})
		d, err := l.AllowEmail(context.Background(), address(1))
		if err == nil || d.Allowed || d.RefusedBy != limits.KindEmailPool {
			t.Fatalf("got %v, %v; want refused by email-pool with an error", d, err)
		}
		if a := store.netOf("a"); a != 0 {
			t.Errorf("net address counts %d; want 0 after the refunds", a)
		}
	})
	t.Run("lockout store fails", func(t *testing.T) {
		store := &flaky{ledger: newLedger(nil), failKey: "l#"}
		l, _ := limits.New(limits.Options{Policy: policy, Store: store, Key: testKey})
		d, err := l.AllowEmailSignIn(context.Background(), "jane", address(1), limits.Real)
		if !errors.Is(err, errStore) || d.Allowed || d.RefusedBy != limits.KindLockout {
			t.Errorf("got %v, %v; want refused by lockout with the store's error", d, err)
		}
		if a, e := store.netOf("a"), store.netOf("e"); a != 0 || e != 0 {
			t.Errorf("net counts address %d, email pool %d; want 0, 0", a, e)
		}
	})
	t.Run("context done", func(t *testing.T) {
		l, _ := newLimiter(t, policy, newClock(start))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		d, err := l.AllowEmail(ctx, address(1))
		if !errors.Is(err, context.Canceled) || d.Allowed {
			t.Errorf("got %v, %v; want refused with context.Canceled", d, err)
		}
	})
}

// TestEmailKeys: keys hold no part of an address, are shared by the cases
// of one address, and differ under another hash key.
func TestEmailKeys(t *testing.T) {
	keysOf := func(key []byte, address string) []string {
		c := newClock(start)
		store := newLedger(c.Now)
		l, err := limits.New(limits.Options{Policy: limits.DefaultPolicy(), Store: store, Key: key, Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.AllowEmail(context.Background(), address); err != nil {
			t.Fatal(err)
		}
		return unsharded(store.keys())
	}
	keys := keysOf(testKey, "Jane.Smith@Example.com")
	if len(keys) != 3 {
		t.Fatalf("keys %q: want 3 (two address windows, the email pool)", keys)
	}
	for _, key := range keys {
		if !keyFormat.MatchString(key) && !keyFormat.MatchString(key+"#0") {
			t.Errorf("key %q is not <kind>#<id>#<seconds>#<start>[#<shard>]", key)
		}
		lower := strings.ToLower(key)
		for _, part := range []string{"jane", "smith", "example", "@"} {
			if strings.Contains(lower, part) {
				t.Errorf("key %q holds %q", key, part)
			}
		}
	}
	day := fmt.Sprint(start.Unix())
	if !strings.HasPrefix(keys[0], "a#") || !strings.HasSuffix(keys[0], "#900#"+day) ||
		!strings.HasPrefix(keys[1], "a#") || !strings.HasSuffix(keys[1], "#86400#"+day) {
		t.Errorf("address keys %q: want a#<id>#900#<start>, then a#<id>#86400#<start>", keys[:2])
	}
	if want := "e#all#3600#" + day; keys[2] != want {
		t.Errorf("email pool key %q, want %q", keys[2], want)
	}
	for _, spelling := range []string{"jane.smith@example.com", "JANE.SMITH@EXAMPLE.COM"} {
		if same := keysOf(testKey, spelling); strings.Join(same, ",") != strings.Join(keys, ",") {
			t.Errorf("%s:\n%q\nwant\n%q", spelling, same, keys)
		}
	}
	if other := keysOf(testKey, "jane.smith@example.org"); other[0] == keys[0] {
		t.Errorf("another address has the same key %q", other[0])
	}
	if other := keysOf([]byte(strings.Repeat("k", limits.MinKeyLength)), "Jane.Smith@Example.com"); other[0] == keys[0] || other[1] == keys[1] {
		t.Errorf("key %q is the same under another hash key", other[0])
	}
}

// TestConcurrentEmail: many goroutines at once get exactly a limit through: one
// address's, then the pool's. The two run apart: where one request meets
// both limits, one that holds the address's last count and is then refused
// by the pool hands it back after others were refused, which is right but
// makes the count for the address depend on timing.
func TestConcurrentEmail(t *testing.T) {
	concurrently := func(l *limits.Limiter, id func(i int) string) int32 {
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for i := range 400 {
			wg.Go(func() {
				if d, err := l.AllowEmail(context.Background(), id(i)); err == nil && d.Allowed {
					allowed.Add(1)
				}
			})
		}
		wg.Wait()
		return allowed.Load()
	}
	one, _ := newLimiter(t, limits.Policy{PerAddress: []limits.Window{win(3, 15*time.Minute)}, EmailPool: win(1000, time.Hour)}, newClock(start))
	if got := concurrently(one, func(int) string { return address(0) }); got != 3 {
		t.Errorf("one address: %d allowed, want 3", got)
	}
	pool, _ := newLimiter(t, limits.Policy{PerAddress: []limits.Window{win(3, 15*time.Minute)}, EmailPool: win(50, time.Hour)}, newClock(start))
	if got := concurrently(pool, func(i int) string { return address(i + 1) }); got != 50 {
		t.Errorf("whole pool: %d allowed, want 50", got)
	}
}

// TestAddressCountsMailboxes is the per-address limit attacked with many
// spellings of one mailbox, such as victim+1@example.com to
// victim+5@example.com: they share one counter, so the mailbox gets no more
// codes than the limit, and another mailbox is not affected.
func TestAddressCountsMailboxes(t *testing.T) {
	cases := []struct {
		name      string
		spellings []string
		other     string // another mailbox, still allowed afterwards
	}{
		{"plus tags and case", []string{"victim+1@example.com", "victim+2@example.com", "victim+3@example.com", "victim+4@example.com", "victim+5@example.com", "VICTIM@EXAMPLE.COM"}, "victim2@example.com"},
		{"case of the local part", []string{"victim@example.com", "Victim@example.com", "VICTIM@example.com", "vIcTiM@example.com"}, "victim@example.org"},
		{"Gmail dots and googlemail.com", []string{"victim@gmail.com", "v.ictim@gmail.com", "vic.tim+x@googlemail.com", "V.I.C.T.I.M@GMAIL.COM"}, "victim.other@gmail.com"},
		{"IDNA forms of the domain", []string{"victim@ex\u00e4mple.de", "victim@EX\u00c4MPLE.DE", "victim+1@xn--exmple-cua.de", "victim@\uff45\uff58\u00e4mple.de"}, "victim@example.de"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := newLimiter(t, limits.DefaultPolicy(), newClock(start))
			for i, address := range tc.spellings {
				d := mustAllowEmail(t, l, address)
				if i < limits.DefaultAddressShort && !d.Allowed {
					t.Fatalf("code %d, to %s: %v, want allowed", i+1, address, d)
				}
				if i >= limits.DefaultAddressShort && (d.RefusedBy != limits.KindAddress || d.Window.Length != limits.DefaultAddressShortLength) {
					t.Fatalf("code %d, to %s: %v, want refused by address: one mailbox, %d codes per %v", i+1, address, d, limits.DefaultAddressShort, limits.DefaultAddressShortLength)
				}
			}
			if d := mustAllowEmail(t, l, tc.other); !d.Allowed {
				t.Errorf("another mailbox, %s: %v, want allowed", tc.other, d)
			}
		})
	}
}
