// Package browsertest drives local mode's sign-in page (package
// signinpage) in headless Chromium against a local pool that runs the real
// trigger binaries, through the page's own buttons: sign-up, a code sign-in
// with a wrong code and a new code, a password proven by SRP, and passkeys
// with Chromium's virtual authenticator. Its tests take a screenshot of
// each step; UPDATE_SCREENSHOT=1 also writes the one the README shows,
// docs/images/sign-in-page.png.
//
// The tests need Debian's chromium (apt-get install -y chromium) and fail
// without it: the page is local mode's front door, and a check that skips
// itself where no browser is installed proves nothing.
package browsertest
