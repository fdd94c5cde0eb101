package cli

import (
	"regexp"
	"strings"
	"testing"
)

// oneDashLongFlag is a flag's line of a usage that names a long flag with
// one dash, as the flag package's PrintDefaults does.
var oneDashLongFlag = regexp.MustCompile(`(?m)^  -[^-\s]{2,}`)

// TestHelpWritesFlagsAsTheDocs checks that help and -h name the flags as
// the docs write them: --endpoint-url, and -v for a one-letter flag.
func TestHelpWritesFlagsAsTheDocs(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		wants []string
	}{
		{[]string{"help", "sign-in"}, []string{"\n  --endpoint-url string\n", "\n  --tokens\n", "\n  --resend N\n"}},
		{[]string{"help", "sign-up"}, []string{"\n  --password-stdin\n"}},
		{[]string{"help", "local"}, []string{"\n  --username-attributes ATTRIBUTES\n", "\n  --mfa string\n"}},
		{[]string{"help", "demo"}, []string{"\n  --bin-dir string\n", "\n  -v\t"}},
		{[]string{"help", "totp", "setup"}, []string{"\n  --device-name string\n"}},
		{[]string{"help", "totp", "code"}, []string{"\n  --secret-stdin\n"}},
		{[]string{"sign-in", "-h"}, []string{"\n  --client-id string\n"}},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got := run(t, nil, tt.args...)
			usage := got.stdout + got.stderr // help prints on stdout, -h on stderr
			if got.code != ExitOK {
				t.Fatalf("exit code %d\n%s", got.code, usage)
			}
			mustContain(t, "the usage", usage, tt.wants...)
			if bad := oneDashLongFlag.FindAllString(usage, -1); bad != nil {
				t.Errorf("flags with one dash %q:\n%s", bad, usage)
			}
		})
	}
}
