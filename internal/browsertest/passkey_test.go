package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
	"github.com/cognito-passwordless/passwordless-go/internal/signinpage"
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

// localPage returns the URL of the sign-in page that srv serves itself, on
// localhost, and its configuration; it skips the test while local mode
// serves no page with a passkeys API.
func localPage(t *testing.T, srv *localpool.Server) (string, signinpage.Config) {
	t.Helper()
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	page := "http://localhost:" + u.Port() + "/"
	client := &http.Client{Timeout: stepTimeout}
	resp, err := client.Get(page[:len(page)-1] + signinpage.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cfg signinpage.Config
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&cfg); err != nil {
			t.Fatalf("%s: %v", signinpage.ConfigPath, err)
		}
	}
	if cfg.PasskeysAPI == "" {
		t.Fatalf("local mode serves no sign-in page with a passkeys API (GET %s: %s, passkeysApi %q)", signinpage.ConfigPath, resp.Status, cfg.PasskeysAPI)
	}
	return page, cfg
}

// TestPasskeys registers a passkey through the page after a code sign-in,
// signs out and back in with it, fails a ceremony (the authenticator
// refuses to verify the user) and tries again, asks for a code instead of
// the passkey, and deletes the passkey.
func TestPasskeys(t *testing.T) {
	srv := startPool(t, localpool.Options{Passkeys: true})
	page, _ := localPage(t, srv)
	b := openPage(t, page)
	authenticator := b.addAuthenticator()
	number := newPhone()

	b.fill("username", number)
	b.click("sign-up")
	b.waitText("status", "Account created")
	b.click("sign-in")
	b.fill("code", codeSent(t, srv, number, 1))
	b.click("verify-code")
	b.waitText("no-passkeys", "No passkeys yet")

	b.fill("passkey-name", "Test laptop")
	b.click("add-passkey")
	b.waitText("status", "Added Test laptop")
	b.waitText("passkey-list", "Test laptop")
	b.screenshot("passkey-added")
	b.click("sign-out")
	b.waitText("status", "Signed out.")

	b.click("sign-in")
	b.waitText("passkey-title", "Use your passkey")
	b.screenshot("passkey-offered")
	b.setUserVerified(authenticator, false)
	b.click("use-passkey")
	b.waitAlert("The passkey prompt was cancelled")
	b.screenshot("passkey-cancelled")
	b.setUserVerified(authenticator, true)
	b.click("use-passkey")
	b.waitText("signed-in-as", "Signed in as "+number)
	b.waitText("claims-body", "phone_number"+number)
	b.waitText("passkey-list", "last used "+time.Now().Format("2006"))
	b.screenshot("signed-in-with-passkey")
	b.click("sign-out")
	b.waitText("status", "Signed out.")

	b.click("sign-in")
	b.click("passkey-code")
	b.waitText("status", "New code sent by text message")
	b.fill("code", codeSent(t, srv, number, 2))
	b.click("verify-code")
	b.waitText("passkey-list", "Test laptop")
	b.do(chromedp.Click(chromedp.CSS(fmt.Sprintf("#passkey-list button[aria-label=%q]", "Delete Test laptop"))))
	b.waitText("no-passkeys", "No passkeys yet")
	b.waitText("status", "Deleted Test laptop")
	b.screenshot("passkey-deleted")
}
