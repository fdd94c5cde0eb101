package e2e

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// emailFrom is EMAIL_FROM: the sender identity, created in moto first.
const emailFrom = "sign-in@example.com"

// channelEnv is the configuration of a pool whose users sign in with a
// phone number or an email address (CHANNELS=sms,email, SMS first), with
// SNS, SES v2 and DynamoDB on moto, and extra on top.
func channelEnv(moto *motoserver.Server, extra ...string) []string {
	env := append(moto.Env(), config.EnvChannels+"=sms,email", config.EnvEmailFrom+"="+emailFrom)
	return append(env, extra...)
}

// emailUser has an email address only, as a user of a pool with email as
// an alias has: userName is the pool's UUID.
func emailUser(address string) person {
	return person{name: user, attributes: map[string]string{"sub": user, "email": address, "email_verified": "false"}}
}

// TestChannelsThroughMoto runs sign-ins by email and by SMS, switches of
// channel and resends through the real binaries, with CHANNELS=sms,email:
// create's real SES v2 and SNS clients send to one moto_server, and the
// codes are read back from moto's record. The subtests share moto (each
// uses its own addresses) and run one after another.
func TestChannelsThroughMoto(t *testing.T) {
	moto := startMoto(t)
	if err := moto.CreateEmailIdentity(context.Background(), emailFrom); err != nil {
		t.Fatal(err)
	}
	t.Run("email sign-in", func(t *testing.T) { testEmailSignIn(t, moto) })
	t.Run("SMS sign-in", func(t *testing.T) { testSMSSignIn(t, moto) })
	t.Run("switch to email", func(t *testing.T) { testSwitchChannel(t, moto) })
	t.Run("resend", func(t *testing.T) { testResend(t, moto) })
	t.Run("resend over the per-address limit", func(t *testing.T) { testResendOverAddressLimit(t, moto) })
	t.Run("unknown email address", func(t *testing.T) { testUnknownEmailAddress(t, moto) })
}

// testEmailSignIn: a user with an email address only gets the code by
// email, and the right code gets tokens; no SMS, and no log line holds the
// code or the address.
func testEmailSignIn(t *testing.T, moto *motoserver.Server) {
	const address = "jane.doe@example.com"
	smsBefore, _ := sentCounts(t, moto)
	fl := startFlow(t, channelEnv(moto)...)
	s := fl.begin(t, emailUser(address))
	requireParams(t, "first round", s.created.PublicChallengeParameters, map[string]string{
		"channel": "email", "destination": "j***@e***.com", "channels": "sms,email",
		"codeLength": "6", "attemptsLeft": "3", "resendsLeft": "2",
	})
	if want := "first:email:" + s.created.PrivateChallengeParameters["seal"]; s.created.ChallengeMetadata != want {
		t.Errorf("metadata %q, want %q", s.created.ChallengeMetadata, want)
	}
	code := emailCode(t, moto, address, 1)
	if correct, err := s.respond(t, code, nil); !correct || err != nil || !s.defined.IssueTokens || s.defined.FailAuthentication {
		t.Fatalf("the emailed code (%v, %v): define %+v, want tokens", correct, err, s.defined)
	}
	if sms, _ := sentCounts(t, moto); sms != smsBefore {
		t.Errorf("%d SMS sent, want none", sms-smsBefore)
	}
	requireCleanLogs(t, fl.stoppedLogs(), 4, code, sampleKey, address)
}

// testSMSSignIn: with email on, a user with a phone number only still
// signs in by SMS, and no email is sent.
func testSMSSignIn(t *testing.T, moto *motoserver.Server) {
	_, emailsBefore := sentCounts(t, moto)
	fl := startFlow(t, channelEnv(moto)...)
	s := fl.begin(t, smsUser)
	requireParams(t, "first round", s.created.PublicChallengeParameters, map[string]string{
		"channel": "sms", "destination": "+1******0123", "channels": "sms,email",
		"codeLength": "6", "attemptsLeft": "3", "resendsLeft": "2",
	})
	code := smsCode(t, moto, number, 1)
	if correct, err := s.respond(t, code, nil); !correct || err != nil || !s.defined.IssueTokens {
		t.Fatalf("the SMS code (%v, %v): define %+v, want tokens", correct, err, s.defined)
	}
	if _, emails := sentCounts(t, moto); emails != emailsBefore {
		t.Errorf("%d emails sent, want none", emails-emailsBefore)
	}
	requireCleanLogs(t, fl.stoppedLogs(), 4, code, sampleKey, number)
}

// testSwitchChannel: a user with both, verified, gets the first code by SMS (the
// first of CHANNELS), asks for the next by email with the ClientMetadata
// Cognito passes to verify, define and create; the SMS code is then
// refused, using an attempt, and the emailed code accepted.
func testSwitchChannel(t *testing.T, moto *motoserver.Server) {
	const phoneNumber, address = "+15555550124", "john.roe@example.net"
	who := person{name: user, attributes: map[string]string{
		"sub": user, "phone_number": phoneNumber, "phone_number_verified": "true", "email": address, "email_verified": "true",
	}}
	both := map[string]string{"channels": "sms,email", "codeLength": "6"}
	fl := startFlow(t, channelEnv(moto)...)

	s := fl.begin(t, who)
	requireParams(t, "first round", s.created.PublicChallengeParameters, with(both, "channel", "sms", "destination", "+1******0124", "attemptsLeft", "3", "resendsLeft", "2"))
	smsCode := smsCode(t, moto, phoneNumber, 1)
	firstSeal := s.created.PrivateChallengeParameters["seal"]
	if sent := emailsTo(t, moto, address); len(sent) != 0 {
		t.Fatalf("%d emails before the switch, want none", len(sent))
	}

	if err := s.resend(t, "email"); err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
		t.Fatalf("switch to email: %v, define %+v", err, s.defined)
	}
	requireParams(t, "after the switch", s.created.PublicChallengeParameters, with(both, "channel", "email", "destination", "j***@e***.net", "attemptsLeft", "3", "resendsLeft", "1"))
	emailSeal := s.created.PrivateChallengeParameters["seal"]
	if emailSeal == firstSeal || s.created.ChallengeMetadata != "resend:email:"+emailSeal {
		t.Errorf("round after the switch: metadata %q, want a new seal marked resend:email", s.created.ChallengeMetadata)
	}
	emailCode := emailCode(t, moto, address, 1)
	if sent := smsTo(t, moto, phoneNumber); len(sent) != 1 {
		t.Errorf("%d SMS after the switch, want still 1", len(sent))
	}

	if smsCode != emailCode { // one chance in a million that they are the same
		if correct, err := s.respond(t, smsCode, nil); correct || err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
			t.Fatalf("the SMS code after the switch (%v, %v): define %+v, want a wrong answer", correct, err, s.defined)
		}
		requireParams(t, "after the SMS code", s.created.PublicChallengeParameters, with(both, "channel", "email", "destination", "j***@e***.net", "attemptsLeft", "2", "resendsLeft", "1"))
		if s.created.ChallengeMetadata != "retry:email:"+emailSeal {
			t.Errorf("round after a wrong answer: metadata %q, want the emailed code kept", s.created.ChallengeMetadata)
		}
		if len(emailsTo(t, moto, address)) != 1 || len(smsTo(t, moto, phoneNumber)) != 1 {
			t.Error("a code sent after a wrong answer")
		}
	}
	if correct, err := s.respond(t, emailCode, nil); !correct || err != nil || !s.defined.IssueTokens {
		t.Fatalf("the emailed code (%v, %v): define %+v, want tokens", correct, err, s.defined)
	}
	requireCleanLogs(t, fl.stoppedLogs(), 8, smsCode, emailCode, sampleKey, address, phoneNumber)
}

// testResend: a resend sends a new code by the same channel; the old code
// is refused, the new one accepted; a resend uses no attempt and one
// resend. In a second sign-in, the third resend (MAX_RESENDS is 2 by
// default) ends the sign-in, with nothing sent.
func testResend(t *testing.T, moto *motoserver.Server) {
	const address = "ann.lee@example.com"
	who := emailUser(address)
	fl := startFlow(t, channelEnv(moto)...)

	s := fl.begin(t, who)
	oldCode, oldSeal := emailCode(t, moto, address, 1), s.created.PrivateChallengeParameters["seal"]
	if err := s.resend(t, ""); err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
		t.Fatalf("resend: %v, define %+v", err, s.defined)
	}
	params := s.created.PublicChallengeParameters
	if params["channel"] != "email" || params["attemptsLeft"] != "3" || params["resendsLeft"] != "1" {
		t.Errorf("after a resend: %v, want channel email, attemptsLeft 3, resendsLeft 1", params)
	}
	newCode, newSeal := emailCode(t, moto, address, 2), s.created.PrivateChallengeParameters["seal"]
	if newSeal == oldSeal || s.created.ChallengeMetadata != "resend:email:"+newSeal {
		t.Errorf("round after a resend: metadata %q, want a new seal marked resend:email", s.created.ChallengeMetadata)
	}
	if oldCode != newCode { // one chance in a million that they are the same
		if correct, err := s.respond(t, oldCode, nil); correct || err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
			t.Fatalf("the old code (%v, %v): define %+v, want a wrong answer", correct, err, s.defined)
		}
		params := s.created.PublicChallengeParameters
		if params["attemptsLeft"] != "2" || params["resendsLeft"] != "1" || s.created.ChallengeMetadata != "retry:email:"+newSeal {
			t.Errorf("after the old code: %v, metadata %q; want attemptsLeft 2, resendsLeft 1, the new code kept", params, s.created.ChallengeMetadata)
		}
		if sent := emailsTo(t, moto, address); len(sent) != 2 {
			t.Errorf("%d emails after a wrong answer, want still 2", len(sent))
		}
	}
	if correct, err := s.respond(t, newCode, nil); !correct || err != nil || !s.defined.IssueTokens {
		t.Fatalf("the new code (%v, %v): define %+v, want tokens", correct, err, s.defined)
	}

	s = fl.begin(t, who)
	emailCode(t, moto, address, 3)
	for i, left := range []string{"1", "0"} {
		if err := s.resend(t, ""); err != nil || s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
			t.Fatalf("resend %d: %v, define %+v", i+1, err, s.defined)
		}
		if params := s.created.PublicChallengeParameters; params["resendsLeft"] != left || params["attemptsLeft"] != "3" {
			t.Errorf("after resend %d: %v, want resendsLeft %s, attemptsLeft 3", i+1, params, left)
		}
		emailCode(t, moto, address, 4+i)
	}
	if err := s.resend(t, ""); err != nil || !s.defined.FailAuthentication || s.defined.IssueTokens || s.defined.ChallengeName != "" {
		t.Fatalf("third resend: %v, define %+v; want the sign-in failed", err, s.defined)
	}
	if sent := emailsTo(t, moto, address); len(sent) != 5 {
		t.Errorf("%d emails after the third resend, want still 5", len(sent))
	}
	requireCleanLogs(t, fl.stoppedLogs(), 20, oldCode, newCode, sampleKey, address)
}

// testResendOverAddressLimit: with EMAIL_PER_ADDRESS_PER_15_MINUTES=1 and
// the counters in a limits table on moto's DynamoDB, a resend after the
// first code is refused by create with the per-address error, and no
// second email goes out.
func testResendOverAddressLimit(t *testing.T, moto *motoserver.Server) {
	const address, table = "max.roe@example.com", "limits-email"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := dynamolimits.CreateTable(ctx, dynamodb.NewFromConfig(moto.Config()), table); err != nil {
		t.Fatal(err)
	}
	fl := startFlow(t, channelEnv(moto, config.EnvLimitsTable+"="+table, config.EnvEmailPerAddressPer15Min+"=1")...)

	s := fl.begin(t, emailUser(address))
	emailCode(t, moto, address, 1)
	err := s.resend(t, "")
	var fe *lambdahost.FunctionError
	if !errors.As(err, &fe) || fe.Message != trigger.ErrTooManyCodes.Error() {
		t.Fatalf("resend over the limit: %v, want %q", err, trigger.ErrTooManyCodes)
	}
	if s.defined.ChallengeName != "CUSTOM_CHALLENGE" {
		t.Errorf("define %+v, want a challenge (resends are left: the limit refuses in create)", s.defined)
	}
	if sent := emailsTo(t, moto, address); len(sent) != 1 {
		t.Errorf("%d emails, want still 1", len(sent))
	}
	lines := fl.stoppedLogs()
	if logged := strings.Join(lines, "\n"); !strings.Contains(logged, `"Limit":"`+string(limits.KindAddress)+`"`) {
		t.Errorf("no refusal by the per-address limit logged:\n%s", logged)
	}
	requireCleanLogs(t, lines, 5, sampleKey, address)
}

// testUnknownEmailAddress: a name that is no user (userNotFound, userName
// the address typed) gets a first round and a resend with the same public
// parameter keys and shapes, and the same define answers, as a real
// email-only user, and nothing is sent to moto.
func testUnknownEmailAddress(t *testing.T, moto *motoserver.Server) {
	fl := startFlow(t, channelEnv(moto)...)
	real := fl.begin(t, emailUser("eve.real@example.org"))
	emailCode(t, moto, "eve.real@example.org", 1)

	smsBefore, emailsBefore := sentCounts(t, moto)
	unknown := fl.begin(t, person{name: "nobody@example.org", attributes: map[string]string{}, notFound: true})
	requireSameShape(t, "first round", real, unknown)
	if got := unknown.created.PublicChallengeParameters["destination"]; got != "n***@e***.org" {
		t.Errorf("unknown destination %q, want the name typed, masked", got)
	}
	if err := unknown.resend(t, ""); err != nil {
		t.Fatalf("resend for an unknown address: %v", err)
	}
	if sms, emails := sentCounts(t, moto); sms != smsBefore || emails != emailsBefore {
		t.Errorf("moto recorded %d SMS and %d emails for an unknown address, want none", sms-smsBefore, emails-emailsBefore)
	}
	if err := real.resend(t, ""); err != nil {
		t.Fatalf("resend for a real address: %v", err)
	}
	requireSameShape(t, "after a resend", real, unknown)
	requireCleanLogs(t, fl.stoppedLogs(), 10, sampleKey, "eve.real@example.org", "nobody@example.org")
}

// requireSameShape requires the two sign-ins' last rounds to look alike to
// a client: define's answers equal, the same public and private parameter
// keys, equal public values but for the masked addresses, and every value
// and the metadata of the same shape.
func requireSameShape(t *testing.T, what string, real, unknown *signIn) {
	t.Helper()
	if real.defined != unknown.defined {
		t.Errorf("%s: define %+v for a user, %+v for an unknown address", what, real.defined, unknown.defined)
	}
	r, u := real.created, unknown.created
	for _, pair := range [][2]map[string]string{{r.PublicChallengeParameters, u.PublicChallengeParameters}, {r.PrivateChallengeParameters, u.PrivateChallengeParameters}} {
		if !slices.Equal(slices.Sorted(maps.Keys(pair[0])), slices.Sorted(maps.Keys(pair[1]))) {
			t.Errorf("%s: parameters %v for a user, %v for an unknown address", what, pair[0], pair[1])
		}
		for k, v := range pair[0] {
			if shape(v) != shape(pair[1][k]) {
				t.Errorf("%s: %s is %q for a user, %q for an unknown address", what, k, v, pair[1][k])
			}
		}
	}
	masked := []string{trigger.PublicDestination}
	for k, v := range r.PublicChallengeParameters {
		if !slices.Contains(masked, k) && u.PublicChallengeParameters[k] != v {
			t.Errorf("%s: %s is %q for a user, %q for an unknown address", what, k, v, u.PublicChallengeParameters[k])
		}
	}
	// The metadata is cause:channel:seal.
	rm, um := strings.SplitN(r.ChallengeMetadata, ":", 3), strings.SplitN(u.ChallengeMetadata, ":", 3)
	if len(rm) != 3 || len(um) != 3 || rm[0] != um[0] || rm[1] != um[1] || shape(rm[2]) != shape(um[2]) {
		t.Errorf("%s: metadata %q for a user, %q for an unknown address", what, r.ChallengeMetadata, u.ChallengeMetadata)
	}
}

var word = regexp.MustCompile(`[A-Za-z0-9_-]`)

// shape is s with every letter, digit, - and _ as x: what is left is its
// length and punctuation.
func shape(s string) string { return word.ReplaceAllString(s, "x") }

// with is base with the key-value pairs kv added.
func with(base map[string]string, kv ...string) map[string]string {
	out := maps.Clone(base)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// requireParams requires the public challenge parameters to be want, exactly.
func requireParams(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: public parameters\n got %v\nwant %v", what, got, want)
	}
}

// sentCounts returns how many SMS and emails moto has recorded in all.
func sentCounts(t *testing.T, moto *motoserver.Server) (sms, emails int) {
	t.Helper()
	sent, err := moto.SentSMS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mail, err := moto.SentEmail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(sent), len(mail)
}

// emailsTo returns the emails moto recorded to address, oldest first.
func emailsTo(t *testing.T, moto *motoserver.Server, address string) []motoserver.Email {
	t.Helper()
	all, err := moto.SentEmail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []motoserver.Email
	for _, e := range all {
		if slices.Contains(e.Destination.To, address) {
			out = append(out, e)
		}
	}
	return out
}

// smsTo returns the SMS moto recorded to number, oldest first.
func smsTo(t *testing.T, moto *motoserver.Server, number string) []motoserver.SMS {
	t.Helper()
	all, err := moto.SentSMS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []motoserver.SMS
	for _, m := range all {
		if m.PhoneNumber == number {
			out = append(out, m)
		}
	}
	return out
}

// emailCode requires n emails to address so far, the last one from
// EMAIL_FROM to that address alone, with the default subject and body,
// and returns its code.
func emailCode(t *testing.T, moto *motoserver.Server, address string, n int) string {
	t.Helper()
	sent := emailsTo(t, moto, address)
	if len(sent) != n {
		t.Fatalf("moto recorded %d emails to %s, want %d", len(sent), address, n)
	}
	e := sent[n-1]
	code := codePattern.FindString(e.Body)
	body := strings.ReplaceAll(config.DefaultEmailMessage, config.CodePlaceholder, code)
	if e.From != emailFrom || !slices.Equal(e.Destination.To, []string{address}) || len(e.Destination.Cc)+len(e.Destination.Bcc) != 0 ||
		e.Subject != config.DefaultEmailSubject || code == "" || e.Body != body {
		t.Fatalf("email %+v: want from %s to %s alone, subject %q, body %q", e, emailFrom, address, config.DefaultEmailSubject, body)
	}
	return code
}

// smsCode requires n SMS to number so far and returns the code in the last.
func smsCode(t *testing.T, moto *motoserver.Server, number string, n int) string {
	t.Helper()
	sent := smsTo(t, moto, number)
	if len(sent) != n {
		t.Fatalf("moto recorded %d SMS to %s, want %d", len(sent), number, n)
	}
	code := codePattern.FindString(sent[n-1].Message)
	if code == "" {
		t.Fatalf("SMS %+v holds no code", sent[n-1])
	}
	return code
}
