package passkey_test

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

func TestMemoryStore(t *testing.T) {
	passkeytest.TestStore(t, func(*testing.T) passkey.Store { return passkey.NewMemoryStore() })
}

// TestMemoryStoreShared: one store serves every test, as local mode's
// serves every user.
func TestMemoryStoreShared(t *testing.T) {
	shared := passkey.NewMemoryStore()
	passkeytest.TestStore(t, func(*testing.T) passkey.Store { return shared })
}
