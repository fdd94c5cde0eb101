package cli

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

func TestDemo(t *testing.T) {
	number := newNumber()
	got := run(t, nil, "demo", "--bin-dir", binDir, "--phone", number)
	if got.code != ExitOK {
		t.Fatalf("exit code %d\nstdout:\n%s\nstderr:\n%s", got.code, got.stdout, got.stderr)
	}
	mustContain(t, "stdout", got.stdout, "Signed up "+number+": confirmed", "NOT verified", `"phone_number": "`+number+`"`, `"cognito:username": "`)
	mustContain(t, "stderr", got.stderr, "A sign-in code was sent to "+phone.Mask(number), "Code read from the outbox: ", "Stopped the local user pool.")
}
