package passkeyapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

// errCause is a store failure whose text must reach neither the client
// nor the log: an AWS error can quote the table, the key or the item.
var errCause = errors.New("AccessDeniedException: arn:aws:dynamodb:eu-west-1:123456789012:table/Credentials owner=4f1c2b9e secret-detail")

// failing is a store whose method named fail fails with errCause; the
// others are the MemoryStore's.
type failing struct {
	*passkey.MemoryStore
	fail string
}

func (s failing) Credentials(ctx context.Context, owner string) ([]passkey.Credential, error) {
	if s.fail == "Credentials" {
		return nil, errCause
	}
	return s.MemoryStore.Credentials(ctx, owner)
}

func (s failing) AddCredential(ctx context.Context, owner string, c passkey.Credential) error {
	if s.fail == "AddCredential" {
		return errCause
	}
	return s.MemoryStore.AddCredential(ctx, owner, c)
}

func (s failing) RenameCredential(ctx context.Context, owner string, id []byte, name string) error {
	if s.fail == "RenameCredential" {
		return errCause
	}
	return s.MemoryStore.RenameCredential(ctx, owner, id, name)
}

func (s failing) DeleteCredential(ctx context.Context, owner string, id []byte) error {
	if s.fail == "DeleteCredential" {
		return errCause
	}
	return s.MemoryStore.DeleteCredential(ctx, owner, id)
}

func (s failing) StartRegistration(ctx context.Context, owner string, c passkey.Challenge) error {
	if s.fail == "StartRegistration" {
		return errCause
	}
	return s.MemoryStore.StartRegistration(ctx, owner, c)
}

func (s failing) TakeRegistration(ctx context.Context, owner string) (passkey.Challenge, error) {
	if s.fail == "TakeRegistration" {
		return passkey.Challenge{}, errCause
	}
	return s.MemoryStore.TakeRegistration(ctx, owner)
}

// TestStoreFailures fails each store call each route makes: 503
// unavailable, saying nothing of the cause, to the client or the log.
func TestStoreFailures(t *testing.T) {
	tests := []struct {
		fail, route string
	}{
		{"Credentials", passkeyapi.RouteStartRegistration},
		{"StartRegistration", passkeyapi.RouteStartRegistration},
		{"TakeRegistration", passkeyapi.RouteFinishRegistration},
		{"Credentials", passkeyapi.RouteFinishRegistration},
		{"AddCredential", passkeyapi.RouteFinishRegistration},
		{"Credentials", passkeyapi.RouteList},
		{"RenameCredential", passkeyapi.RouteRename},
		{"Credentials", passkeyapi.RouteRename},
		{"DeleteCredential", passkeyapi.RouteDelete},
	}
	for _, tt := range tests {
		t.Run(tt.fail+" in "+tt.route, func(t *testing.T) {
			e := newEnv()
			id := e.register(t, alice, passkeytest.New(20), "laptop")
			options := e.startRegistration(t, alice)
			body := map[string]string{
				passkeyapi.RouteFinishRegistration: finishBody(passkeytest.New(20).Register(options), "phone"),
				passkeyapi.RouteRename:             `{"name":"work laptop"}`,
			}[tt.route]
			e.api.Store = failing{e.store, tt.fail}
			e.log.Reset()
			r := e.call(t, alice.request(tt.route, body, id))
			r.want(t, 503, "unavailable")
			for _, leak := range []string{"AccessDenied", "arn:", "secret-detail"} {
				if strings.Contains(r.raw, leak) || strings.Contains(e.log.String(), leak) {
					t.Errorf("the cause leaks:\n%s\n%s", r.raw, e.log)
				}
			}
			if !strings.Contains(e.log.String(), `"level":"ERROR"`) {
				t.Errorf("the failure is not logged as an error:\n%s", e.log)
			}
		})
	}
}
