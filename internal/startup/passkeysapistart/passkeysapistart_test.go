package passkeysapistart_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
	"github.com/cognito-passwordless/passwordless-go/internal/startup/passkeysapistart"
)

// env is a working environment of the function.
var env = map[string]string{
	"CREDENTIALS_TABLE":       "Credentials",
	"PASSKEY_RP_ID":           "example.com",
	"PASSKEY_RP_NAME":         "Example",
	"PASSKEY_ORIGINS":         "https://example.com, https://app.example.com",
	"PASSKEY_FRESH_SIGN_IN":   "10m",
	"PASSKEY_MAX_PER_USER":    "4",
	"PASSKEY_ALLOWED_AAGUIDS": "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
}

// lookup reads env with the changes given: "" unsets a variable.
func lookup(changes map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := changes[name]; ok {
			return v, v != ""
		}
		v, ok := env[name]
		return v, ok
	}
}

func TestNew(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	api, err := passkeysapistart.New(context.Background(), lookup(nil), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if api.FreshSignIn != 10*time.Minute || api.MaxPerUser != 4 || api.Options.RPID != "example.com" || api.Options.RPName != "Example" ||
		len(api.Options.Origins) != 2 || len(api.Options.AllowedAAGUIDs) != 1 || api.Now == nil || api.Log == nil {
		t.Errorf("settings not passed on: %+v", api)
	}
	if _, ok := api.Store.(*passkeydb.Store); !ok {
		t.Errorf("store %T, want the table", api.Store)
	}
	// Every change is confirmed with the user pool (GetUser).
	if _, ok := api.Tokens.(*cognitotoken.Checker); !ok {
		t.Errorf("token checker %T, want the user pool's", api.Tokens)
	}
}

// TestNewRefusesBadSettings: a function that would fail at its first
// request, or accept answers from the wrong place, does not start.
func TestNewRefusesBadSettings(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	tests := []struct {
		name    string
		changes map[string]string
		want    string
	}{
		{"no table", map[string]string{"CREDENTIALS_TABLE": ""}, "CREDENTIALS_TABLE"},
		{"no relying party", map[string]string{"PASSKEY_RP_ID": ""}, "PASSKEY_RP_ID"},
		{"origin outside the relying party", map[string]string{"PASSKEY_ORIGINS": "https://evil.example"}, "PASSKEY_ORIGINS"},
		{"origin over http", map[string]string{"PASSKEY_ORIGINS": "http://example.com"}, "PASSKEY_ORIGINS"},
		{"AAGUID not a UUID", map[string]string{"PASSKEY_ALLOWED_AAGUIDS": "yubikey"}, "PASSKEY_ALLOWED_AAGUIDS"},
		{"fresh sign-in of a day", map[string]string{"PASSKEY_FRESH_SIGN_IN": "24h"}, "PASSKEY_FRESH_SIGN_IN"},
		{"no passkeys allowed", map[string]string{"PASSKEY_MAX_PER_USER": "0"}, "PASSKEY_MAX_PER_USER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := passkeysapistart.New(context.Background(), lookup(tt.changes), slog.New(slog.DiscardHandler))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

// TestTableHoldsEveryID: every credential id the API registers fits the
// table's sort key, so that no registration fails in the store.
func TestTableHoldsEveryID(t *testing.T) {
	if passkeyapi.MaxCredentialIDLength > passkeydb.MaxIDLength {
		t.Errorf("the API registers ids of up to %d bytes, the table holds %d", passkeyapi.MaxCredentialIDLength, passkeydb.MaxIDLength)
	}
}
