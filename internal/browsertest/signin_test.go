package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
)

// TestCodeSignIn signs up and signs in by SMS code through the page: a
// wrong code shown as such with one attempt fewer, a new code asked for,
// the right one, the ID token's claims, and sign-out.
func TestCodeSignIn(t *testing.T) {
	srv := startPool(t, localpool.Options{})
	page, _ := localPage(t, srv)
	b := openPage(t, page)
	b.screenshot("start")
	number := newPhone()

	b.fill("username", number)
	b.click("sign-up")
	b.waitText("status", "Account created for "+number)
	b.screenshot("signed-up")

	b.click("sign-in")
	b.waitText("code-sent", "by text message to +1******"+number[len(number)-4:])
	b.waitText("code-meta", fmt.Sprintf("%d attempts left · %d new codes left", config.DefaultMaxAttempts, config.DefaultMaxResends))
	first := codeSent(t, srv, number, 1)
	b.screenshot("code-sent")

	b.fill("code", wrongCode(first))
	b.click("verify-code")
	b.waitAlert(fmt.Sprintf("That code is not right. %d attempts left.", config.DefaultMaxAttempts-1))
	b.screenshot("wrong-code")

	b.click("resend")
	b.waitText("status", "New code sent by text message")
	b.waitText("code-meta", fmt.Sprintf("%d attempts left · %d new code", config.DefaultMaxAttempts-1, config.DefaultMaxResends-1))
	second := codeSent(t, srv, number, 2)
	b.screenshot("new-code")

	b.fill("code", second)
	b.click("verify-code")
	b.waitText("signed-in-as", "Signed in as "+number)
	b.waitText("claims-body", "phone_number"+number)
	if claims := b.text("claims-body"); !strings.Contains(claims, "token_use") || !strings.Contains(claims, srv.UserPoolID()) {
		t.Errorf("the claims table lacks token_use or the issuer: %q", claims)
	}
	b.screenshot("signed-in")

	b.click("sign-out")
	b.waitText("status", "Signed out.")
	b.screenshot("signed-out")
}

// TestCodesRunOut answers wrong until the attempts run out: the page says
// so and goes back to the start.
func TestCodesRunOut(t *testing.T) {
	srv := startPool(t, localpool.Options{Env: map[string]string{config.EnvMaxAttempts: "1"}})
	page, _ := localPage(t, srv)
	b := openPage(t, page)
	number := newPhone()
	b.fill("username", number)
	b.click("sign-up")
	b.waitText("status", "Account created")
	b.click("sign-in")
	b.waitText("code-meta", "1 attempt left")
	b.fill("code", wrongCode(codeSent(t, srv, number, 1)))
	b.click("verify-code")
	b.waitAlert("Sign in again to start over.")
	b.waitText("start-title", "Sign in")
	b.screenshot("out-of-attempts")
}

// TestPasswordSignIn signs in with a password proven by the page's own
// SRP (static/srp.js), then the code, in the password-and-code flow; a
// wrong password first, refused.
func TestPasswordSignIn(t *testing.T) {
	srv := startPool(t, localpool.Options{Env: map[string]string{config.EnvSignInFlow: string(session.FlowPasswordAndCode)}})
	page, cfg := localPage(t, srv)
	if cfg.SignInFlow != string(session.FlowPasswordAndCode) {
		t.Fatalf("the page's sign-in flow is %q, want %q", cfg.SignInFlow, string(session.FlowPasswordAndCode))
	}
	b := openPage(t, page)
	number := newPhone()
	const password = "Correct-Horse-9"

	b.fill("username", number)
	b.fill("password", password)
	b.click("sign-up")
	b.waitText("status", "Account created")

	b.fill("password", password+"x")
	b.click("sign-in")
	b.waitAlert("Incorrect username or password.")
	b.screenshot("wrong-password")

	b.fill("password", password)
	b.click("sign-in")
	b.waitText("code-sent", "by text message")
	b.screenshot("password-then-code")
	b.fill("code", codeSent(t, srv, number, 1))
	b.click("verify-code")
	b.waitText("signed-in-as", "Signed in as "+number)
	b.screenshot("signed-in")
}

// TestPoolDown shows a network failure in the page: the pool has stopped
// when the user signs in.
func TestPoolDown(t *testing.T) {
	srv := startPool(t, localpool.Options{})
	page, _ := localPage(t, srv)
	b := openPage(t, page)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	b.fill("username", newPhone())
	b.click("sign-in")
	// The page calls the pool at its own origin.
	b.waitAlert("Could not reach the user pool at " + strings.TrimSuffix(page, "/") + ". Is it running?")
	b.screenshot("pool-down")
}
