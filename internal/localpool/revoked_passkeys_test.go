package localpool

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
)

// TestRevokedTokenCannotChangePasskeys is the attack on the passkeys API:
// a thief copies the access token of a fresh sign-in (fresh enough to
// register a passkey, PASSKEY_FRESH_SIGN_IN), and the user then signs out
// everywhere (GlobalSignOut) or revokes the sign-in (RevokeToken of its
// refresh token). API Gateway's JWT authorizer, which local mode
// emulates, still passes the unexpired token; the real passkeys-api
// function asks the pool (GetUser, at
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) and refuses every change,
// 401: the thief's passkey is not registered, and the user's is neither
// renamed nor deleted. Before the sign-out the same token does all of it.
func TestRevokedTokenCannotChangePasskeys(t *testing.T) {
	for _, revoke := range []string{"GlobalSignOut", "RevokeToken"} {
		t.Run(revoke, func(t *testing.T) {
			p, origin := startPasskeyPool(t, nil)
			number := newPhone()
			p.signUp(number)
			signIn := p.signInByCode(number) // the sign-in, for the owner's checks
			stolen := p.signInByCodeTokens(number)
			token := aws.ToString(stolen.AccessToken)

			// Before the sign-out the token registers, renames and deletes.
			owner := passkeytest.New(32)
			owner.Origin = origin
			id, _ := p.register(owner, token)["id"].(string)
			if status, body := p.api("PATCH", "/passkeys/"+id, token, map[string]string{"name": "Work laptop"}); status != http.StatusOK {
				t.Fatalf("rename before the sign-out: %d %v", status, body)
			}
			spare := passkeytest.New(32)
			spare.Origin = origin
			spareID, _ := p.register(spare, token)["id"].(string)
			if status, body := p.api("DELETE", "/passkeys/"+spareID, token, nil); status != http.StatusNoContent {
				t.Fatalf("delete before the sign-out: %d %v", status, body)
			}
			// The thief starts a registration in time, and answers it after.
			status, started := p.api("POST", "/passkeys/registration", token, map[string]string{})
			if status != http.StatusOK {
				t.Fatalf("start before the sign-out: %d %v", status, started)
			}
			thief := passkeytest.New(32)
			thief.Origin = origin
			options, _ := json.Marshal(started["options"])
			var credential any
			json.Unmarshal(thief.Register(options), &credential)

			switch revoke {
			case "GlobalSignOut":
				if _, err := p.client.GlobalSignOut(testContext(t), &cip.GlobalSignOutInput{AccessToken: aws.String(signIn)}); err != nil {
					t.Fatalf("GlobalSignOut: %v", err)
				}
			case "RevokeToken":
				if _, err := p.client.RevokeToken(testContext(t), &cip.RevokeTokenInput{
					ClientId: aws.String(p.srv.ClientID()), Token: stolen.RefreshToken}); err != nil {
					t.Fatalf("RevokeToken: %v", err)
				}
			}
			requireAPIError(t, p.getUser(stolen.AccessToken), "NotAuthorizedException", "Access Token has been revoked")

			for _, attack := range []struct {
				name, method, path string
				body               any
			}{
				{"finish the thief's registration", "POST", "/passkeys", map[string]any{"credential": credential, "name": "Mine now"}},
				{"start another", "POST", "/passkeys/registration", map[string]string{}},
				{"rename", "PATCH", "/passkeys/" + id, map[string]string{"name": "Phished"}},
				{"delete", "DELETE", "/passkeys/" + id, nil},
			} {
				status, answer := p.api(attack.method, attack.path, token, attack.body)
				if status != http.StatusUnauthorized || answer["error"] != "unauthorized" {
					t.Errorf("%s with the revoked token: %d %v; want 401 unauthorized", attack.name, status, answer)
				}
			}

			// The user's passkey is as it was, and the only one: the
			// thief's cannot sign in.
			fresh := p.signInByCode(number)
			if revoke == "RevokeToken" {
				fresh = signIn // the other sign-in still holds
			}
			status, list := p.api("GET", "/passkeys", fresh, nil)
			passkeys, _ := list["passkeys"].([]any)
			if status != http.StatusOK || len(passkeys) != 1 || passkeys[0].(map[string]any)["id"] != id || passkeys[0].(map[string]any)["name"] != "Work laptop" {
				t.Errorf("passkeys after the attack: %d %v; want the owner's one, as named", status, list)
			}
			if out, err := p.passkeyAnswer(number, func(o []byte) []byte { return thief.Sign(o) }); err != nil || out.AuthenticationResult != nil {
				t.Errorf("the thief's passkey signs in: tokens given %v, %v", out != nil && out.AuthenticationResult != nil, err)
			}
			// Reading the list is left to the authorizer, as API Gateway
			// does: until it expires, the revoked token reads its own
			// passkeys (docs/passkeys.md).
			if status, _ := p.api("GET", "/passkeys", token, nil); status != http.StatusOK {
				t.Errorf("list with the revoked token: %d", status)
			}
		})
	}
}

// TestPasskeysAPIAsksThisPool: the passkeys API's process gets this pool
// as its Cognito endpoint, never Cognito in AWS; no trigger gets it.
func TestPasskeysAPIAsksThisPool(t *testing.T) {
	values, err := triggerVariables(nil, bothPool, false)
	if err != nil {
		t.Fatal(err)
	}
	ep := endpoints{sns: "http://127.0.0.1:1", sesv2: "http://127.0.0.1:3", dynamodb: "http://127.0.0.1:2", cognito: "http://127.0.0.1:4"}
	const variable = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
	if env := triggerEnv(config.PasskeysAPI, values, "eu-west-1", ep); !slices.Contains(env, variable+"=http://127.0.0.1:4") {
		t.Errorf("the passkeys API's environment %v has no %s of the pool", env, variable)
	}
	for _, name := range config.Triggers {
		for _, kv := range triggerEnv(name, values, "eu-west-1", ep) {
			if len(kv) > len(variable) && kv[:len(variable)] == variable {
				t.Errorf("%s gets %s", name, kv)
			}
		}
	}
}

// TestLoopbackURL: a pool listening on every address is reached on
// loopback, which its Host check serves.
func TestLoopbackURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:9229": "http://127.0.0.1:9229",
		"http://0.0.0.0:9229":   "http://127.0.0.1:9229",
		"http://[::]:9229":      "http://[::1]:9229",
		"http://[::1]:9229":     "http://[::1]:9229",
		"http://192.0.2.7:9229": "http://192.0.2.7:9229",
		"http://localhost:9229": "http://localhost:9229",
	} {
		if got := loopbackURL(in); got != want {
			t.Errorf("loopbackURL(%q) = %q, want %q", in, got, want)
		}
	}
}
