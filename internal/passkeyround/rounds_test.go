package passkeyround_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyround"
)

var (
	rp    = passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}}
	clock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
)

// readCounter counts whose passkeys were read.
type readCounter struct {
	*passkey.MemoryStore
	read []string
}

func (r *readCounter) Credentials(ctx context.Context, owner string) ([]passkey.Credential, error) {
	r.read = append(r.read, owner)
	return r.MemoryStore.Credentials(ctx, owner)
}

// registered returns a store holding a's passkey for owner.
func registered(t *testing.T, owner string, a *passkeytest.Authenticator) *readCounter {
	t.Helper()
	challenge, options, err := passkey.NewRegistration(rp, passkey.User{Handle: []byte(owner), Name: owner}, nil, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	c, err := passkey.VerifyRegistration(rp, challenge, []byte(owner), a.Register(options), clock)
	if err != nil {
		t.Fatal(err)
	}
	store := passkey.NewMemoryStore()
	if err := store.AddCredential(context.Background(), owner, c); err != nil {
		t.Fatal(err)
	}
	return &readCounter{MemoryStore: store}
}

// TestUnknownUserIsCheckedAlike: an unknown name's answer is read from the
// table and checked as a real user's is, and refused even when it is a
// real passkey's valid assertion over the round's challenge.
func TestUnknownUserIsCheckedAlike(t *testing.T) {
	a := passkeytest.New(32)
	store := registered(t, "jane", a)
	rounds := passkeyround.Rounds{Store: store, Options: rp, Now: func() time.Time { return clock }}
	ctx := context.Background()
	held, challenge, options, err := rounds.Start(ctx, "", []byte("a keyed hash of the name tried!!"))
	if err != nil || held != 0 {
		t.Fatalf("Start for an unknown name: %d, %v; want a decoy", held, err)
	}
	correct, reason, err := rounds.Check(ctx, quiet, "", challenge, string(a.Sign([]byte(options))))
	if err != nil || correct {
		t.Fatalf("Check for an unknown name: %v, %q, %v; want refused", correct, reason, err)
	}
	if len(store.read) != 2 || store.read[0] != passkeyround.DecoyOwner || store.read[1] != passkeyround.DecoyOwner {
		t.Errorf("read %q; want the decoy owner's passkeys, at start and at the check", store.read)
	}
}

// TestRightPasskeyStoresItsCounter: a real user's right answer passes
// once; the same answer again does not.
func TestRightPasskeyStoresItsCounter(t *testing.T) {
	a := passkeytest.New(32)
	store := registered(t, "jane", a)
	rounds := passkeyround.Rounds{Store: store, Options: rp, Now: func() time.Time { return clock }}
	ctx := context.Background()
	held, challenge, options, err := rounds.Start(ctx, "jane", []byte("a keyed hash of the name tried!!"))
	if err != nil || held != 1 {
		t.Fatalf("Start: %d, %v", held, err)
	}
	answer := string(a.Sign([]byte(options)))
	if correct, reason, err := rounds.Check(ctx, quiet, "jane", challenge, answer); err != nil || !correct {
		t.Fatalf("Check: %v, %q, %v; want right", correct, reason, err)
	}
	if correct, _, _ := rounds.Check(ctx, quiet, "jane", challenge, answer); correct {
		t.Error("the same answer passed twice")
	}
}
