package passkeytest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// storeTimeout bounds each test of TestStore, every call included.
const storeTimeout = 30 * time.Second

// TestStore holds a passkey.Store to the contract of the interface: every
// method, every error, owners kept apart, and every field kept exactly.
// newStore returns the store for one subtest; it may return the same
// store each time, since each subtest uses owners of its own (fresh
// UUIDs, as Cognito subs are).
func TestStore(t *testing.T, newStore func(t *testing.T) passkey.Store) {
	for _, tc := range []struct {
		name string
		test func(t *testing.T, ctx context.Context, s passkey.Store)
	}{
		{"Empty", testEmpty},
		{"RoundTrip", testRoundTrip},
		{"Order", testOrder},
		{"AddTwice", testAddTwice},
		{"SignedIn", testSignedIn},
		{"CounterRace", testCounterRace},
		{"SignedInDeleted", testSignedInDeleted},
		{"Rename", testRename},
		{"Delete", testDelete},
		{"OwnersApart", testOwnersApart},
		{"Registration", testRegistration},
		{"RegistrationApart", testRegistrationApart},
		{"Copies", testCopies},
		{"Cancelled", testCancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
			defer cancel()
			tc.test(t, ctx, newStore(t))
		})
	}
}

// created is when the test passkeys were registered: whole and fractional
// seconds, away from UTC, so that a store must keep the instant exactly.
var created = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("", -7*3600))

// fullCredential has every field set, an id and key with every byte
// value (those that base64 spells with - and _ among them).
func fullCredential() passkey.Credential {
	id := make([]byte, 256)
	for i := range id {
		id[i] = byte(255 - i)
	}
	key := make([]byte, 77)
	for i := range key {
		key[i] = byte(i * 7)
	}
	return passkey.Credential{
		ID: id, PublicKey: key, SignCount: 4294967295,
		Transports:     []string{"ble", "hybrid", "internal", "nfc", "smart-card", "usb"},
		AAGUID:         uuid.MustParse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"),
		BackupEligible: true, BackupState: true,
		Name:       "laptop – Ünïcode ✓",
		CreatedAt:  created,
		LastUsedAt: created.Add(36*time.Hour + 123456789),
	}
}

// newCredential is a passkey as most are stored: a random 16-byte id,
// nothing optional, created at created plus offset.
func newCredential(offset time.Duration) passkey.Credential {
	return passkey.Credential{ID: random(16), PublicKey: random(77), CreatedAt: created.Add(offset)}
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func newOwner() string { return uuid.NewString() }

// newChallenge is a registration challenge as package passkey makes
// them: 32 random bytes, expiring on a whole second, in UTC.
func newChallenge() passkey.Challenge {
	return passkey.Challenge{Value: random(passkey.ChallengeLength), ExpiresAt: time.Now().Add(5 * time.Minute).Truncate(time.Second).UTC()}
}

// sameCredential says how got differs from want, "" if in nothing.
func sameCredential(got, want passkey.Credential) string {
	switch {
	case !bytes.Equal(got.ID, want.ID):
		return fmt.Sprintf("ID %x, want %x", got.ID, want.ID)
	case !bytes.Equal(got.PublicKey, want.PublicKey):
		return fmt.Sprintf("PublicKey %x, want %x", got.PublicKey, want.PublicKey)
	case got.SignCount != want.SignCount:
		return fmt.Sprintf("SignCount %d, want %d", got.SignCount, want.SignCount)
	case !slices.Equal(got.Transports, want.Transports):
		return fmt.Sprintf("Transports %q, want %q", got.Transports, want.Transports)
	case got.AAGUID != want.AAGUID:
		return fmt.Sprintf("AAGUID %v, want %v", got.AAGUID, want.AAGUID)
	case got.BackupEligible != want.BackupEligible || got.BackupState != want.BackupState:
		return fmt.Sprintf("backup flags %v/%v, want %v/%v", got.BackupEligible, got.BackupState, want.BackupEligible, want.BackupState)
	case got.Name != want.Name:
		return fmt.Sprintf("Name %q, want %q", got.Name, want.Name)
	case !got.CreatedAt.Equal(want.CreatedAt):
		return fmt.Sprintf("CreatedAt %v, want %v", got.CreatedAt, want.CreatedAt)
	case !got.LastUsedAt.Equal(want.LastUsedAt):
		return fmt.Sprintf("LastUsedAt %v, want %v", got.LastUsedAt, want.LastUsedAt)
	}
	return ""
}

// wantCredentials fails t unless the owner's passkeys are want, in order.
func wantCredentials(t *testing.T, ctx context.Context, s passkey.Store, owner string, want ...passkey.Credential) []passkey.Credential {
	t.Helper()
	got, err := s.Credentials(ctx, owner)
	if err != nil {
		t.Fatalf("Credentials: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("Credentials: %d passkeys, want %d", len(got), len(want))
	}
	for i := range want {
		if diff := sameCredential(got[i], want[i]); diff != "" {
			t.Fatalf("Credentials[%d]: %s", i, diff)
		}
	}
	return got
}

func add(t *testing.T, ctx context.Context, s passkey.Store, owner string, cs ...passkey.Credential) {
	t.Helper()
	for _, c := range cs {
		if err := s.AddCredential(ctx, owner, c); err != nil {
			t.Fatalf("AddCredential: %v", err)
		}
	}
}

// wantErr fails t unless err is want (nil: no error).
func wantErr(t *testing.T, call string, err, want error) {
	t.Helper()
	if (want == nil && err != nil) || !errors.Is(err, want) {
		t.Fatalf("%s: %v, want %v", call, err, want)
	}
}

// testEmpty: an owner with nothing stored has no passkeys (and that is no
// error), and nothing to change, delete or take.
func testEmpty(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), newCredential(0)
	wantCredentials(t, ctx, s, owner)
	wantErr(t, "SignedIn", s.SignedIn(ctx, owner, c, 0), passkey.ErrNotFound)
	wantErr(t, "RenameCredential", s.RenameCredential(ctx, owner, c.ID, "x"), passkey.ErrNotFound)
	wantErr(t, "DeleteCredential", s.DeleteCredential(ctx, owner, c.ID), passkey.ErrNotFound)
	_, err := s.TakeRegistration(ctx, owner)
	wantErr(t, "TakeRegistration", err, passkey.ErrNotFound)
	wantCredentials(t, ctx, s, owner) // and the failed calls made nothing
}

// testRoundTrip: every field comes back as it was stored, the optional
// ones absent as well as present.
func testRoundTrip(t *testing.T, ctx context.Context, s passkey.Store) {
	for _, tc := range []struct {
		name string
		c    passkey.Credential
	}{
		{"every field", fullCredential()},
		{"nothing optional", newCredential(0)},
		{"no public key", passkey.Credential{ID: random(16), CreatedAt: created}},
		{"empty transports", passkey.Credential{ID: random(64), PublicKey: random(300), Transports: []string{}, CreatedAt: created.UTC()}},
		{"one transport", passkey.Credential{ID: random(32), PublicKey: random(10), Transports: []string{"usb"}, SignCount: 1, BackupEligible: true, CreatedAt: created.Truncate(time.Second)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			owner := newOwner()
			add(t, ctx, s, owner, tc.c)
			wantCredentials(t, ctx, s, owner, tc.c)
		})
	}
}

// testOrder: oldest first, and by id among passkeys created at the same
// instant, whatever the order they were added in.
func testOrder(t *testing.T, ctx context.Context, s passkey.Store) {
	owner := newOwner()
	a, b, c := newCredential(-time.Hour), newCredential(0), newCredential(time.Nanosecond)
	same1, same2 := newCredential(time.Minute), newCredential(time.Minute)
	same1.ID, same2.ID = []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17}
	same2.CreatedAt = same2.CreatedAt.UTC() // the same instant, spelled otherwise
	add(t, ctx, s, owner, same2, c, a, same1, b)
	wantCredentials(t, ctx, s, owner, a, b, c, same1, same2)
}

// testAddTwice: a second passkey of the same id is refused, and the first
// stays as it was.
func testAddTwice(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, first := newOwner(), fullCredential()
	add(t, ctx, s, owner, first)
	second := newCredential(time.Hour)
	second.ID = first.ID
	wantErr(t, "AddCredential again", s.AddCredential(ctx, owner, second), passkey.ErrExists)
	wantErr(t, "AddCredential the same", s.AddCredential(ctx, owner, first), passkey.ErrExists)
	wantCredentials(t, ctx, s, owner, first)
}

// testSignedIn stores the counter, backup state and last use, and only
// those, and only on the counter the sign-in read.
func testSignedIn(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, stored, other := newOwner(), fullCredential(), newCredential(time.Hour)
	stored.SignCount, stored.BackupState, stored.LastUsedAt = 7, false, time.Time{}
	add(t, ctx, s, owner, stored, other)

	signedIn := stored
	signedIn.SignCount, signedIn.BackupState, signedIn.LastUsedAt = 8, true, created.Add(48*time.Hour+1)
	// What a sign-in cannot change must not change, whatever c says.
	signedIn.PublicKey, signedIn.Name, signedIn.Transports = []byte{1}, "changed", []string{"usb"}
	signedIn.AAGUID, signedIn.BackupEligible, signedIn.CreatedAt = uuid.Nil, false, created.Add(time.Hour)
	wantErr(t, "SignedIn", s.SignedIn(ctx, owner, signedIn, 7), nil)
	want := stored
	want.SignCount, want.BackupState, want.LastUsedAt = 8, true, signedIn.LastUsedAt
	wantCredentials(t, ctx, s, owner, want, other)

	for _, previous := range []uint32{7, 9, 0} {
		late := signedIn
		late.SignCount = 20
		wantErr(t, fmt.Sprintf("SignedIn from %d when 8 is stored", previous), s.SignedIn(ctx, owner, late, previous), passkey.ErrCounterChanged)
	}
	wantCredentials(t, ctx, s, owner, want, other)

	// A passkey that keeps no counter signs in at 0 again and again.
	again := other
	again.LastUsedAt = created.Add(time.Minute)
	wantErr(t, "SignedIn at 0", s.SignedIn(ctx, owner, again, 0), nil)
	again.LastUsedAt = created.Add(2 * time.Minute)
	wantErr(t, "SignedIn at 0 again", s.SignedIn(ctx, owner, again, 0), nil)
	wantCredentials(t, ctx, s, owner, want, again)
}

// testCounterRace: of sign-ins racing from the same counter, exactly one
// stores its counter; the others get ErrCounterChanged.
func testCounterRace(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), newCredential(0)
	c.SignCount = 41
	add(t, ctx, s, owner, c)
	const racers = 8
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			next := c
			next.SignCount = 42 + uint32(i)
			errs[i] = s.SignedIn(ctx, owner, next, 41)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Fatalf("racers %d and %d both stored their counter", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, passkey.ErrCounterChanged):
			t.Fatalf("racer %d: %v, want ErrCounterChanged", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no racer stored its counter")
	}
	c.SignCount = 42 + uint32(won)
	wantCredentials(t, ctx, s, owner, c)
}

// testSignedInDeleted: a sign-in with a passkey deleted meanwhile is
// ErrNotFound, whatever its counter, and brings nothing back.
func testSignedInDeleted(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), newCredential(0)
	c.SignCount = 3
	add(t, ctx, s, owner, c)
	wantErr(t, "DeleteCredential", s.DeleteCredential(ctx, owner, c.ID), nil)
	c.SignCount = 4
	wantErr(t, "SignedIn", s.SignedIn(ctx, owner, c, 3), passkey.ErrNotFound)
	wantErr(t, "SignedIn from 0", s.SignedIn(ctx, owner, c, 0), passkey.ErrNotFound)
	wantCredentials(t, ctx, s, owner)
}

// testRename sets and clears the name of one passkey and nothing else.
func testRename(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c, other := newOwner(), fullCredential(), newCredential(time.Hour)
	other.Name = "phone"
	add(t, ctx, s, owner, c, other)
	for _, name := range []string{"work key", "a name of some length, with ünicode and \"quotes\" #:%", ""} {
		wantErr(t, fmt.Sprintf("RenameCredential(%q)", name), s.RenameCredential(ctx, owner, c.ID, name), nil)
		c.Name = name
		wantCredentials(t, ctx, s, owner, c, other)
	}
	wantErr(t, "RenameCredential of no passkey", s.RenameCredential(ctx, owner, random(16), "x"), passkey.ErrNotFound)
	wantCredentials(t, ctx, s, owner, c, other)
}

// testDelete removes one passkey, once.
func testDelete(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, a, b, c := newOwner(), newCredential(0), fullCredential(), newCredential(time.Hour)
	add(t, ctx, s, owner, a, b, c)
	wantErr(t, "DeleteCredential", s.DeleteCredential(ctx, owner, b.ID), nil)
	wantCredentials(t, ctx, s, owner, a, c)
	wantErr(t, "DeleteCredential again", s.DeleteCredential(ctx, owner, b.ID), passkey.ErrNotFound)
	wantErr(t, "RenameCredential of the deleted", s.RenameCredential(ctx, owner, b.ID, "x"), passkey.ErrNotFound)
	// Deleted, the id may be registered afresh.
	add(t, ctx, s, owner, b)
	wantCredentials(t, ctx, s, owner, a, b, c)
}

// testOwnersApart: no call reaches another owner's passkeys, even of the
// same id.
func testOwnersApart(t *testing.T, ctx context.Context, s passkey.Store) {
	alice, bob, carol := newOwner(), newOwner(), newOwner()
	a, b := fullCredential(), newCredential(time.Hour)
	add(t, ctx, s, alice, a, b)

	wantCredentials(t, ctx, s, bob)
	wantErr(t, "bob RenameCredential", s.RenameCredential(ctx, bob, a.ID, "mine"), passkey.ErrNotFound)
	wantErr(t, "bob DeleteCredential", s.DeleteCredential(ctx, bob, a.ID), passkey.ErrNotFound)
	signedIn := a
	signedIn.SignCount = 0
	wantErr(t, "bob SignedIn", s.SignedIn(ctx, bob, signedIn, a.SignCount), passkey.ErrNotFound)
	wantCredentials(t, ctx, s, alice, a, b)

	// Each owner's ids are their own: the same id under bob is another passkey.
	bobs := newCredential(2 * time.Hour)
	bobs.ID = a.ID
	add(t, ctx, s, bob, bobs)
	wantErr(t, "bob RenameCredential his", s.RenameCredential(ctx, bob, a.ID, "bob's"), nil)
	bobs.Name = "bob's"
	wantErr(t, "alice DeleteCredential", s.DeleteCredential(ctx, alice, a.ID), nil)
	wantCredentials(t, ctx, s, alice, b)
	wantCredentials(t, ctx, s, bob, bobs)
	wantCredentials(t, ctx, s, carol)
}

// testRegistration: StartRegistration replaces the registration under way,
// TakeRegistration returns it once, and neither touches the passkeys.
func testRegistration(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), newCredential(0)
	add(t, ctx, s, owner, c)
	first, second := newChallenge(), newChallenge()
	second.ExpiresAt = second.ExpiresAt.Add(time.Minute)
	wantErr(t, "StartRegistration", s.StartRegistration(ctx, owner, first), nil)
	wantCredentials(t, ctx, s, owner, c) // the registration is no passkey
	wantErr(t, "StartRegistration again", s.StartRegistration(ctx, owner, second), nil)
	got, err := s.TakeRegistration(ctx, owner)
	wantErr(t, "TakeRegistration", err, nil)
	if !bytes.Equal(got.Value, second.Value) || !got.ExpiresAt.Equal(second.ExpiresAt) {
		t.Fatalf("TakeRegistration = %x until %v, want the second, %x until %v", got.Value, got.ExpiresAt, second.Value, second.ExpiresAt)
	}
	_, err = s.TakeRegistration(ctx, owner)
	wantErr(t, "TakeRegistration again", err, passkey.ErrNotFound)
	wantCredentials(t, ctx, s, owner, c)

	// An owner with no passkeys may register, and an expired registration
	// is still returned: the caller checks ExpiresAt.
	newcomer, expired := newOwner(), newChallenge()
	expired.ExpiresAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	wantErr(t, "StartRegistration", s.StartRegistration(ctx, newcomer, expired), nil)
	wantCredentials(t, ctx, s, newcomer)
	got, err = s.TakeRegistration(ctx, newcomer)
	wantErr(t, "TakeRegistration of the expired", err, nil)
	if !bytes.Equal(got.Value, expired.Value) || !got.ExpiresAt.Equal(expired.ExpiresAt) {
		t.Fatalf("TakeRegistration = %x until %v, want %x until %v", got.Value, got.ExpiresAt, expired.Value, expired.ExpiresAt)
	}
}

// testRegistrationApart: each owner takes only their own registration.
func testRegistrationApart(t *testing.T, ctx context.Context, s passkey.Store) {
	alice, bob := newOwner(), newOwner()
	challenge := newChallenge()
	wantErr(t, "StartRegistration", s.StartRegistration(ctx, alice, challenge), nil)
	_, err := s.TakeRegistration(ctx, bob)
	wantErr(t, "bob TakeRegistration", err, passkey.ErrNotFound)
	got, err := s.TakeRegistration(ctx, alice)
	wantErr(t, "alice TakeRegistration", err, nil)
	if !bytes.Equal(got.Value, challenge.Value) {
		t.Fatalf("alice TakeRegistration = %x, want %x", got.Value, challenge.Value)
	}
}

// testCopies: a caller that changes what it passed in or got back changes
// nothing stored.
func testCopies(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), fullCredential()
	want := fullCredential()
	add(t, ctx, s, owner, c)
	c.ID[0]++
	c.PublicKey[0]++
	c.Transports[0] = "changed"
	got := wantCredentials(t, ctx, s, owner, want)
	got[0].ID[0]++
	got[0].PublicKey[0]++
	got[0].Transports[0] = "changed"
	wantCredentials(t, ctx, s, owner, want)

	challenge := newChallenge()
	value := bytes.Clone(challenge.Value)
	wantErr(t, "StartRegistration", s.StartRegistration(ctx, owner, challenge), nil)
	challenge.Value[0]++
	taken, err := s.TakeRegistration(ctx, owner)
	wantErr(t, "TakeRegistration", err, nil)
	if !bytes.Equal(taken.Value, value) {
		t.Fatalf("TakeRegistration = %x, want %x", taken.Value, value)
	}
}

// testCancelled: a call on a done context fails, and with none of the
// contract's errors, which would be taken for an answer.
func testCancelled(t *testing.T, ctx context.Context, s passkey.Store) {
	owner, c := newOwner(), newCredential(0)
	add(t, ctx, s, owner, c)
	wantErr(t, "StartRegistration", s.StartRegistration(ctx, owner, newChallenge()), nil)
	done, cancel := context.WithCancel(ctx)
	cancel()
	_, errTake := s.TakeRegistration(done, owner)
	_, errList := s.Credentials(done, owner)
	for _, call := range []struct {
		name string
		err  error
	}{
		{"Credentials", errList},
		{"SignedIn", s.SignedIn(done, owner, c, 0)},
		{"AddCredential", s.AddCredential(done, owner, newCredential(0))},
		{"RenameCredential", s.RenameCredential(done, owner, c.ID, "x")},
		{"DeleteCredential", s.DeleteCredential(done, owner, c.ID)},
		{"StartRegistration", s.StartRegistration(done, owner, newChallenge())},
		{"TakeRegistration", errTake},
	} {
		if call.err == nil || errors.Is(call.err, passkey.ErrNotFound) || errors.Is(call.err, passkey.ErrExists) || errors.Is(call.err, passkey.ErrCounterChanged) {
			t.Errorf("%s on a cancelled context: %v, want an error of its own", call.name, call.err)
		}
	}
	wantCredentials(t, ctx, s, owner, c)
	if _, err := s.TakeRegistration(ctx, owner); err != nil {
		t.Errorf("TakeRegistration after the cancelled one: %v", err)
	}
}
