package localpool

import (
	"encoding/json"
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	passwordless "github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// roundShape is what a challenge shows that must be the same for a name
// and for the USERNAME its challenge named: every public parameter, with
// passkeyOptions (whose challenge is new each time) as the credential ids
// it lists.
func roundShape(t *testing.T, params map[string]string) map[string]string {
	t.Helper()
	shape := maps.Clone(params)
	if raw, ok := shape["passkeyOptions"]; ok {
		var options struct {
			AllowCredentials []struct{ ID string } `json:"allowCredentials"`
		}
		if err := json.Unmarshal([]byte(raw), &options); err != nil || len(options.AllowCredentials) == 0 {
			t.Fatalf("passkeyOptions %q: %v; want credentials listed", raw, err)
		}
		ids := make([]string, len(options.AllowCredentials))
		for i, c := range options.AllowCredentials {
			ids[i] = c.ID
		}
		shape["passkeyOptions"] = strings.Join(ids, ",")
	}
	return shape
}

// requireStableUsername is the attack: sign in as name, take the USERNAME
// U the challenge names, and sign in as U. For a real user U names the
// same user, so the same U and the same round come back; an unknown
// name's must too. It returns U.
func requireStableUsername(t *testing.T, p *testPool, name string) string {
	t.Helper()
	first := p.mustInitiate(name).ChallengeParameters
	username := first["USERNAME"]
	if !uuidPattern.MatchString(username) {
		t.Fatalf("%s: USERNAME %q, want a UUID", name, username)
	}
	again := p.mustInitiate(username).ChallengeParameters
	if again["USERNAME"] != username {
		t.Errorf("%s: USERNAME %s, then %s for it: the name is unknown", name, username, again["USERNAME"])
	}
	if a, b := roundShape(t, first), roundShape(t, again); !maps.Equal(a, b) {
		t.Errorf("%s: round %v, but %v for its USERNAME %s", name, a, b, username)
	}
	return username
}

// TestUsernameRoundTripTellsNoNameApart: a real user's USERNAME signs in
// as the user; an unknown name's USERNAME, signed in with, must give back
// itself and the same round (the same decoy passkeys, the same masked
// address), or it tells the name is unknown. The same for every spelling
// of an email address, and for a UUID no user has.
func TestUsernameRoundTripTellsNoNameApart(t *testing.T) {
	// Each name is signed in many times here: room for the codes.
	env := map[string]string{}
	for _, name := range []string{config.EnvSMSPerNumberPer15Minutes, config.EnvSMSPerNumberPerDay, config.EnvEmailPerAddressPer15Min, config.EnvEmailPerAddressPerDay} {
		env[name] = "100"
	}
	t.Run("phone pool with passkeys", func(t *testing.T) {
		p := startPool(t, Options{Passkeys: true, Env: env})
		known, unknown := newPhone(), newPhone()
		p.signUp(known)
		for _, name := range []string{known, unknown} {
			requireStableUsername(t, p, name)
		}
	})

	for _, passkeys := range []bool{true, false} {
		name := "email pool"
		if passkeys {
			name += " with passkeys"
		}
		t.Run(name, func(t *testing.T) {
			p := startPool(t, Options{Passkeys: passkeys, UsernameAttributes: emailPool, Env: env})
			known, unknown := newEmail(), newEmail()
			p.signUp(known)
			for _, email := range []string{known, unknown} {
				username := requireStableUsername(t, p, email)
				upper := strings.ToUpper(email)
				if got := requireStableUsername(t, p, upper); got != username {
					t.Errorf("%s: USERNAME %s, but %s for %s", email, username, got, upper)
				}
				if got := requireStableUsername(t, p, strings.ToUpper(username)); got != username {
					t.Errorf("%s: USERNAME %s, but %s for it in upper case", email, username, got)
				}
				if passkeys {
					continue
				}
				// A sign-in started with the USERNAME may be answered
				// naming the user by the address, in any case, as a
				// real user's may.
				started := p.mustInitiate(username)
				params := maps.Clone(started.ChallengeParameters)
				params["USERNAME"] = upper
				out, err := p.respond(started.Session, params, "000000")
				if err != nil || out.ChallengeParameters["USERNAME"] != username {
					t.Errorf("%s: a wrong code naming %s in a sign-in started as %s: %v, %v; want the next round", email, upper, username, out, err)
				}
			}
		})
	}

	t.Run("a UUID no user has", func(t *testing.T) {
		p := startPool(t, Options{UsernameAttributes: emailPool})
		made := newUUID()
		if got := requireStableUsername(t, p, strings.ToUpper(made)); got != made {
			t.Errorf("USERNAME %s for the unknown username %s, want itself", got, made)
		}
	})
}

// TestLockoutUnderTheUsernameTellsNoNameApart: wrong answers lock a name
// out, and a real user's lockout holds for its USERNAME and for every
// spelling of its address; an unknown name's must too.
func TestLockoutUnderTheUsernameTellsNoNameApart(t *testing.T) {
	env := map[string]string{config.EnvLockoutAfterWrongAnswers: "3", config.EnvMaxAttempts: "2"}
	for _, pool := range []struct {
		name string
		opts Options
		new  func() string
	}{
		{"phone pool", Options{Env: env}, newPhone},
		{"email pool", Options{Env: env, UsernameAttributes: emailPool}, newEmail},
	} {
		t.Run(pool.name, func(t *testing.T) {
			p := startPool(t, pool.opts)
			known, unknown := pool.new(), pool.new()
			p.signUp(known)
			for _, name := range []string{known, unknown} {
				username := p.mustInitiate(name).ChallengeParameters["USERNAME"]
				// Lock the name out as typed in upper case: two sign-ins of
				// wrong answers.
				p.wrongAnswersUntilRefused(strings.ToUpper(name))
				p.wrongAnswersUntilRefused(strings.ToUpper(name))
				for _, as := range []string{name, strings.ToUpper(name), username} {
					_, err := p.initiate(as)
					if err == nil {
						t.Errorf("%s (locked out as %s): a sign-in as %s is not refused", name, strings.ToUpper(name), as)
						continue
					}
					requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyAttempts))
				}
			}
		})
	}
}

// TestDecoyIdentity: the USERNAME and events' userName of an unknown name,
// the same for the name, its spellings and the USERNAME itself.
func TestDecoyIdentity(t *testing.T) {
	s := &Server{decoyKey: []byte("test key"), sessions: newSessionStore(DefaultSessionValidity)}
	username, eventUserName := s.decoyIdentity("Jane@Example.com")
	if !uuidPattern.MatchString(username) || eventUserName != "jane@example.com" {
		t.Fatalf("decoyIdentity = %q, %q", username, eventUserName)
	}
	for _, name := range []string{"jane@example.com", "JANE@EXAMPLE.COM", username, strings.ToUpper(username)} {
		if u, e := s.decoyIdentity(name); u != username || e != eventUserName {
			t.Errorf("decoyIdentity(%q) = %q, %q; want %q, %q", name, u, e, username, eventUserName)
		}
	}
	other := newUUID()
	if u, e := s.decoyIdentity(strings.ToUpper(other)); u != other || e != other {
		t.Errorf("decoyIdentity of the UUID %s = %q, %q; want itself twice", other, u, e)
	}
}

// TestDecoyNamesForgetTheOldest: the remembered USERNAMEs are bounded.
func TestDecoyNamesForgetTheOldest(t *testing.T) {
	var d decoyNames
	for i := range maxDecoyNames + 2 {
		d.remember("u"+strconv.Itoa(i), "n"+strconv.Itoa(i))
	}
	if len(d.names) != maxDecoyNames || len(d.order) != maxDecoyNames {
		t.Fatalf("%d names in a ring of %d, want %d", len(d.names), len(d.order), maxDecoyNames)
	}
	if _, ok := d.nameOf("u0"); ok {
		t.Error("the oldest is still remembered")
	}
	last := strconv.Itoa(maxDecoyNames + 1)
	if name, ok := d.nameOf("u" + last); !ok || name != "n"+last {
		t.Errorf("the newest: %q, %v", name, ok)
	}
}
