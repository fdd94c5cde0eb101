package emailaddr_test

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

func TestMailbox(t *testing.T) {
	tests := []struct {
		address, want string
	}{
		{"jane@example.com", "jane@example.com"},
		{"Jane.Doe@Example.COM", "jane.doe@example.com"},
		{"jane+news@example.com", "jane@example.com"},
		{"JANE+News+More@EXAMPLE.COM", "jane@example.com"},
		{"+news@example.com", "@example.com"}, // nothing before the tag: all such share one count
		{"jane.doe+x@example.com", "jane.doe@example.com"},
		{"janedoe@example.com", "janedoe@example.com"},     // dots count outside Gmail: another person
		{"jane-doe@example.com", "jane-doe@example.com"},   // - is no tag separator
		{"jane@mail.example.com", "jane@mail.example.com"}, // a subdomain is another domain
		{"j.a.n.e@gmail.com", "jane@gmail.com"},            // Gmail ignores dots
		{"J.Ane+x@GoogleMail.com", "jane@gmail.com"},       // and googlemail.com is gmail.com
		{"jane@g\uff4dail.com", "jane@gmail.com"},          // a fullwidth m
		{"jane@ex\u00e4mple.de", "jane@xn--exmple-cua.de"}, // the canonical domain
		{"Jane+1@XN--EXMPLE-CUA.DE", "jane@xn--exmple-cua.de"},
		{"jane@k\u0130wi.com", "jane@xn--kiwi-rwc.com"},      // not jane@kiwi.com
		{"\u00c9lodie@exemple.fr", "\u00e9lodie@exemple.fr"}, // a non-ASCII local part, lower-cased
		{"jane@Ex_Ample.com", "jane@ex_ample.com"},           // no canonical domain: lower-cased
		// Not valid: lower-cased whole.
		{"Not An Address", "not an address"},
		{"+15555550123", "+15555550123"},
		{"Jane+x@Example.com.", "jane+x@example.com."},
	}
	for _, tt := range tests {
		if got := emailaddr.Mailbox(tt.address); got != tt.want {
			t.Errorf("Mailbox(%q) = %q, want %q", tt.address, got, tt.want)
		}
	}
}
