package passkey

import (
	"context"
	"errors"
)

// Errors a Store returns.
var (
	// ErrNotFound reports that the owner has no such passkey, or no
	// registration under way.
	ErrNotFound = errors.New("passkey: not found")
	// ErrExists reports that the owner already has a passkey of that id.
	ErrExists = errors.New("passkey: a passkey of that id is already registered")
	// ErrCounterChanged reports that a passkey's signature counter was not
	// the one the sign-in read: another sign-in with the same passkey
	// stored its counter in between, so this one is refused.
	ErrCounterChanged = errors.New("passkey: the signature counter changed during the sign-in")
)

// Store keeps each user's passkeys and the registration under way, under
// an owner: the user's opaque, stable id (the Cognito sub), which is also
// the user handle passkeys are registered with. Every call is scoped to
// one owner, so that no passkey is ever looked up by its id alone.
// Package passkeydb keeps them in DynamoDB. Each consumer takes only the
// methods it uses: the create trigger Credentials, verify Credentials and
// SignedIn.
type Store interface {
	// Credentials returns the owner's passkeys, oldest first; none is no error.
	Credentials(ctx context.Context, owner string) ([]Credential, error)
	// SignedIn stores what a sign-in with c changed (SignCount,
	// BackupState, LastUsedAt) if its stored counter is still
	// previousCount, else returns ErrCounterChanged; ErrNotFound if c was
	// deleted meanwhile.
	SignedIn(ctx context.Context, owner string, c Credential, previousCount uint32) error
	// AddCredential stores a new passkey; ErrExists if the owner has one
	// of that id.
	AddCredential(ctx context.Context, owner string, c Credential) error
	// RenameCredential sets the name of the owner's passkey id; ErrNotFound
	// if there is none.
	RenameCredential(ctx context.Context, owner string, id []byte, name string) error
	// DeleteCredential removes the owner's passkey id; ErrNotFound if
	// there is none.
	DeleteCredential(ctx context.Context, owner string, id []byte) error
	// StartRegistration keeps c as the owner's registration under way,
	// replacing any earlier one, until it expires.
	StartRegistration(ctx context.Context, owner string, c Challenge) error
	// TakeRegistration removes and returns the owner's registration under
	// way, so that each is answered at most once; ErrNotFound if there is
	// none (expired ones may linger: the caller checks ExpiresAt).
	TakeRegistration(ctx context.Context, owner string) (Challenge, error)
}
