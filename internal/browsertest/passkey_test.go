package browsertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
)

// addAuthenticator gives the tab Chromium's virtual authenticator: a
// platform passkey provider (CTAP2, internal transport) that keeps
// discoverable credentials, verifies its user and needs no touch.
func (b *browser) addAuthenticator() webauthn.AuthenticatorID {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{EnableUI: new(false)}); err != nil {
		b.t.Fatalf("WebAuthn.enable: %v", err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true,
		},
	})
	if err != nil {
		b.t.Fatalf("WebAuthn.addVirtualAuthenticator: %v", err)
	}
	return res.AuthenticatorID
}

// setUserVerified makes the authenticator's user verification succeed or
// fail: failing, every ceremony ends in NotAllowedError, as when a person
// cancels the prompt.
func (b *browser) setUserVerified(id webauthn.AuthenticatorID, verified bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, webauthn.SetUserVerified, webauthn.SetUserVerifiedParams{AuthenticatorID: id, IsUserVerified: verified}); err != nil {
		b.t.Fatalf("WebAuthn.setUserVerified: %v", err)
	}
}

// TestPasskeys runs passkeys through the page, against local mode with
// passkeys on, where every sign-in starts with a passkey round whatever
// the name and no code is sent until the page asks. It signs up and signs
// in by code: the page, which knows no passkey for the name in this
// browser, asks for the code at once; the test goes to the passkey round
// ("Use a passkey instead") and back to a code ("Send me a code
// instead"). It registers a passkey, signs out and back in with it (the
// page now offers the passkey first), fails a ceremony (the authenticator
// refuses to verify the user) and tries again, asks for a code instead of
// the passkey, deletes the passkey, and sees the code offered first again.
func TestPasskeys(t *testing.T) {
	// Four codes go to one number, one more than local mode's default
	// limit per 15 minutes.
	srv := startPool(t, localpool.Options{Passkeys: true, Env: map[string]string{config.EnvSMSPerNumberPer15Minutes: "10"}})
	page, cfg := localPage(t, srv)
	if cfg.PasskeysAPI == "" {
		t.Fatalf("local mode with passkeys serves a page without the passkeys API: %+v", cfg)
	}
	b := openPage(t, page)
	authenticator := b.addAuthenticator()
	number := newPhone()
	masked := "+1******" + number[len(number)-4:]
	attempts, resends := config.DefaultMaxAttempts, config.DefaultMaxResends

	b.fill("username", number)
	b.click("sign-up")
	b.waitText("status", "Account created")

	// The first code, asked for by the page itself, costs no new code.
	b.click("sign-in")
	b.waitText("code-sent", "by text message to "+masked)
	b.waitText("code-meta", fmt.Sprintf("%d attempts left · %d new codes left", attempts, resends))
	b.waitText("use-passkey-instead", "Use a passkey instead")
	codeSent(t, srv, number, 1)
	b.screenshot("code-first")

	// Back to a passkey round and, with no passkey yet, to a code again:
	// each costs a new code.
	b.click("use-passkey-instead")
	b.waitText("passkey-title", "Sign in with a passkey")
	b.waitText("passkey-why", "If you have a passkey for this account")
	b.waitText("passkey-meta", fmt.Sprintf("%d attempts left · %d new code left", attempts, resends-1))
	b.waitText("use-passkey", "Use passkey")
	b.waitText("passkey-code-sms", "Send me a code instead")
	b.screenshot("passkey-or-code")
	b.click("passkey-code-sms")
	b.waitText("status", "New code sent by text message to "+masked)
	b.waitText("code-meta", fmt.Sprintf("%d attempts left · %d new codes left", attempts, resends-2))
	b.fill("code", codeSent(t, srv, number, 2))
	b.click("verify-code")
	b.waitText("signed-in-as", "Signed in as "+number)
	b.waitText("no-passkeys", "No passkeys yet")

	b.fill("passkey-name", "Test laptop")
	b.click("add-passkey")
	b.waitText("status", "Added Test laptop")
	b.waitText("passkey-list", "Test laptop")
	updateScreenshot(t, b.screenshot("passkey-added"))
	b.click("sign-out")
	b.waitText("status", "Signed out.")

	// The page remembers the passkey: it offers it first.
	b.click("sign-in")
	b.waitText("passkey-title", "Sign in with a passkey")
	b.waitText("passkey-why", "You have used a passkey for this account in this browser")
	b.screenshot("passkey-offered")
	b.setUserVerified(authenticator, false)
	b.click("use-passkey")
	b.waitAlert("The passkey prompt was cancelled")
	b.waitText("passkey-code-sms", "Send me a code instead")
	b.screenshot("passkey-cancelled")
	b.setUserVerified(authenticator, true)
	b.click("use-passkey")
	b.waitText("signed-in-as", "Signed in as "+number)
	b.waitText("status", "Signed in with your passkey.")
	b.waitText("claims-body", "phone_number"+number)
	// The page shows dates in the browser's locale: "never" is the one
	// sure text, until the passkey's first use.
	b.waitJS("the passkey as used", `(() => { const t = document.getElementById("passkey-list").textContent; return t.includes("Test laptop") && t.includes("last used ") && !t.includes("last used never"); })()`)
	b.screenshot("signed-in-with-passkey")
	b.click("sign-out")
	b.waitText("status", "Signed out.")

	b.click("sign-in")
	b.waitText("passkey-title", "Sign in with a passkey")
	b.click("passkey-code-sms")
	b.waitText("status", "New code sent by text message to "+masked)
	b.fill("code", codeSent(t, srv, number, 3))
	b.click("verify-code")
	b.waitText("passkey-list", "Test laptop")
	b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf("#passkey-list button[aria-label=%q]", "Delete Test laptop"))))
	b.waitText("no-passkeys", "No passkeys yet")
	b.waitText("status", "Deleted Test laptop")
	b.screenshot("passkey-deleted")
	b.click("sign-out")
	b.waitText("status", "Signed out.")

	// Without a passkey, the page asks for the code first again.
	b.click("sign-in")
	b.waitText("code-sent", "by text message to "+masked)
	b.waitText("use-passkey-instead", "Use a passkey instead")
	codeSent(t, srv, number, 4)
	b.screenshot("code-first-again")
}
