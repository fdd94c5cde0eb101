package cli

import (
	"strings"
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
	mustContain(t, "stderr", got.stderr, "A sign-in code was sent to "+phone.Mask(number), "Code read from the outbox: ",
		"Asking for a new code instead (r), as if this one had not arrived.\n",
		"A new code was sent to "+phone.Mask(number)+": 3 attempts left.\n",
		"which no longer works.\nWrong code: 2 attempts left.\nAnswering with the new code, ",
		"Stopped the local user pool.", "open http://localhost:9229/")
	if n := strings.Count(got.stderr, "Code read from the outbox: "); n != 2 {
		t.Errorf("the demo read %d codes from the outbox, want 2:\n%s", n, got.stderr)
	}
}
