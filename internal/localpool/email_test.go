package localpool

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	passwordless "github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// emailPool and bothPool are the UsernameAttributes of a pool that signs
// in by email, and of one that signs in by phone number or email (SMS
// preferred for the first code).
var (
	emailPool = []string{"email"}
	bothPool  = []string{"phone_number", "email"}
)

// TestEmailSignUpAndSignIn signs up an email address in a pool whose
// username attribute is email, and signs in with the code from the email
// outbox.
func TestEmailSignUpAndSignIn(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: emailPool})
	address := newEmail()
	sub := p.signUp(address)

	// The email is an alias of the UUID username, not yet verified: the
	// pre sign-up trigger never verifies an email address.
	for _, name := range []string{sub, address} {
		out, err := p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(name)})
		if err != nil {
			t.Fatalf("AdminGetUser %s: %v", name, err)
		}
		if aws.ToString(out.Username) != sub || out.UserStatus != types.UserStatusTypeConfirmed {
			t.Errorf("AdminGetUser %s = %+v", name, out)
		}
		requireAttributes(t, out.UserAttributes, map[string]string{"sub": sub, "email": address, "email_verified": "false"})
	}
	list, err := p.client.ListUsers(testContext(t), &cip.ListUsersInput{UserPoolId: aws.String(p.srv.UserPoolID()), Filter: aws.String(`email = "` + address + `"`)})
	if err != nil || len(list.Users) != 1 || aws.ToString(list.Users[0].Username) != sub {
		t.Fatalf("ListUsers by email: %+v, %v", list, err)
	}

	challenge := p.mustInitiate(address)
	masked := emailaddr.Mask(address)
	want := map[string]string{
		"USERNAME": sub, "destination": masked, "channel": "email", "channels": "email",
		"codeLength": "6", "attemptsLeft": strconv.Itoa(config.DefaultMaxAttempts), "resendsLeft": strconv.Itoa(config.DefaultMaxResends),
	}
	requireParams(t, challenge.ChallengeParameters, want)
	if n := p.emailTo(address); n != 1 {
		t.Fatalf("%d emails to %s, want 1", n, address)
	}
	if m := p.srv.EmailOutbox()[0]; m.From != DefaultEmailFrom || m.Subject != config.DefaultEmailSubject {
		t.Errorf("email from %q, subject %q", m.From, m.Subject)
	}
	if len(p.srv.Outbox()) != 0 {
		t.Errorf("an email sign-in sent %d SMS", len(p.srv.Outbox()))
	}
	out, err := p.respond(challenge.Session, challenge.ChallengeParameters, p.lastEmailCode(address))
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("sign-in with the emailed code: %+v, %v", out, err)
	}
	claims := p.verifiedClaims(aws.ToString(out.AuthenticationResult.IdToken), "id")
	if claims["email"] != address || claims["email_verified"] != false || claims["cognito:username"] != sub {
		t.Errorf("ID token claims %v", claims)
	}
	if _, ok := claims["phone_number"]; ok {
		t.Errorf("the ID token of a user without a phone number has phone_number: %v", claims)
	}

	// Cognito's answers for a taken address and a name that is no email.
	_, err = p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(address), Password: aws.String("Unused-Passw0rd!")})
	requireAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	// User names are not case-sensitive, as the template's pool: the same
	// address in other case is taken, and signs the same user in.
	_, err = p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(strings.ToUpper(address)), Password: aws.String("Unused-Passw0rd!")})
	requireAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	if upper := p.mustInitiate(strings.ToUpper(address)); upper.ChallengeParameters["USERNAME"] != sub {
		t.Errorf("sign-in by the address in upper case: USERNAME %q, want %q", upper.ChallengeParameters["USERNAME"], sub)
	}
	for _, name := range []string{"jane", newPhone()} {
		_, err = p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(name), Password: aws.String("Unused-Passw0rd!")})
		requireAPIError(t, err, "InvalidParameterException", "Username should be an email.")
	}
	// An address the pre sign-up trigger finds invalid.
	_, err = p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String("jane@localhost"), Password: aws.String("Unused-Passw0rd!")})
	requireAPIError(t, err, "UserLambdaValidationException", "PreSignUp failed with error "+passwordless.ErrInvalidEmail.Error()+".")
}

// TestPhoneAndEmailUsernames signs users up in a pool whose username
// attributes are phone_number and email: by either, one address each,
// each unique; a user the pool's owner gives a second, proven address
// signs in by either alias.
func TestPhoneAndEmailUsernames(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	number, address := newPhone(), newEmail()
	sub := p.signUp(number)
	p.addProvenEmail(number, address)
	onlyEmail := newEmail()
	emailSub := p.signUp(onlyEmail)

	out, err := p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(address)})
	if err != nil || aws.ToString(out.Username) != sub {
		t.Fatalf("AdminGetUser by the email: %+v, %v", out, err)
	}
	requireAttributes(t, out.UserAttributes, map[string]string{"sub": sub, "phone_number": number, "phone_number_verified": "true",
		"email": address, "email_verified": "true"})

	// Either alias signs the user in; the first code goes by SMS, the
	// pool's first channel, even when the email was typed.
	for _, name := range []string{number, address} {
		challenge := p.mustInitiate(name)
		params := challenge.ChallengeParameters
		if params["channel"] != "sms" || params["channels"] != "sms,email" || params["destination"] != phone.Mask(number) {
			t.Fatalf("InitiateAuth %s: %v", name, params)
		}
		res, err := p.respond(challenge.Session, params, p.lastCode(number))
		if err != nil || res.AuthenticationResult == nil {
			t.Fatalf("sign-in as %s: %+v, %v", name, res, err)
		}
		claims := p.verifiedClaims(aws.ToString(res.AuthenticationResult.IdToken), "id")
		if claims["phone_number"] != number || claims["phone_number_verified"] != true || claims["email"] != address || claims["email_verified"] != true {
			t.Errorf("ID token claims %v", claims)
		}
	}
	// A user with an email address only gets the code by email.
	challenge := p.mustInitiate(onlyEmail)
	if params := challenge.ChallengeParameters; params["channel"] != "email" || params["channels"] != "sms,email" || params["USERNAME"] != emailSub {
		t.Errorf("InitiateAuth of an email-only user: %v", params)
	}
	if n := p.emailTo(onlyEmail); n != 1 {
		t.Errorf("%d emails to %s, want 1", n, onlyEmail)
	}

	signUp := func(name string, attrs ...types.AttributeType) error {
		_, err := p.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()), Username: aws.String(name),
			Password: aws.String("Unused-Passw0rd!"), UserAttributes: attrs})
		return err
	}
	requireAPIError(t, signUp("jane"), "InvalidParameterException", "Username should be either an email or a phone number.")
	requireAPIError(t, signUp(address), "UsernameExistsException", "An account with the given email already exists.")
	requireAPIError(t, signUp(number), "UsernameExistsException", "An account with the given phone_number already exists.")
	// A username attribute given as an attribute is an alias too.
	requireAPIError(t, signUp(newPhone(), types.AttributeType{Name: aws.String("email"), Value: aws.String(onlyEmail)}),
		"UsernameExistsException", "An account with the given email already exists.")
	requireAPIError(t, signUp(newEmail(), types.AttributeType{Name: aws.String("phone_number"), Value: aws.String(number)}),
		"UsernameExistsException", "An account with the given phone_number already exists.")

	// In a pool of phone numbers, an email address is an attribute, not a
	// name to sign in with.
	phones := startPool(t, Options{})
	other := newPhone()
	phones.signUpWith(other, map[string]string{"email": address})
	_, err = phones.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(phones.srv.UserPoolID()), Username: aws.String(address)})
	requireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	phones.signUpWith(newPhone(), map[string]string{"email": address}) // not unique there
	_, err = phones.client.SignUp(testContext(t), &cip.SignUpInput{ClientId: aws.String(phones.srv.ClientID()), Username: aws.String(newEmail()), Password: aws.String("Unused-Passw0rd!")})
	requireAPIError(t, err, "InvalidParameterException", "Username should be a phone number.")
}

// TestSwitchToEmail asks for the code by email after the SMS: the new
// code arrives by email, the SMS code is refused, and the switch costs a
// resend, not an attempt.
func TestSwitchToEmail(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	var number, address, smsCode, emailCode string
	var first *cip.InitiateAuthOutput
	var switched *cip.RespondToAuthChallengeOutput
	untilCodesDiffer(t, func() (string, string) {
		number, address = newPhone(), newEmail()
		p.signUp(number)
		p.addProvenEmail(number, address)
		first = p.mustInitiate(number)
		smsCode = p.lastCode(number)
		switched = p.resend(first.Session, first.ChallengeParameters, "email")
		emailCode = p.lastEmailCode(address)
		return smsCode, emailCode
	})
	params := switched.ChallengeParameters
	requireParams(t, params, map[string]string{
		"USERNAME": first.ChallengeParameters["USERNAME"], "destination": emailaddr.Mask(address), "channel": "email", "channels": "sms,email",
		"codeLength": "6", "attemptsLeft": "3", "resendsLeft": "1",
	})
	if p.emailTo(address) != 1 || p.smsTo(number) != 1 {
		t.Fatalf("after the switch: %d emails, %d SMS; want 1 and 1", p.emailTo(address), p.smsTo(number))
	}
	refused, err := p.respond(switched.Session, params, smsCode)
	if err != nil {
		t.Fatalf("the SMS code after the switch: %v", err)
	}
	if refused.AuthenticationResult != nil || refused.ChallengeParameters["attemptsLeft"] != "2" || refused.ChallengeParameters["channel"] != "email" {
		t.Fatalf("the SMS code after the switch gave %+v, want a wrong answer", refused)
	}
	out, err := p.respond(refused.Session, refused.ChallengeParameters, emailCode)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the emailed code: %+v, %v", out, err)
	}

	// Back to SMS, and a channel the user has no address for.
	again := p.mustInitiate(number)
	toEmail := p.resend(again.Session, again.ChallengeParameters, "email")
	toSMS := p.resend(toEmail.Session, toEmail.ChallengeParameters, "sms")
	if toSMS.ChallengeParameters["channel"] != "sms" || toSMS.ChallengeParameters["resendsLeft"] != "0" {
		t.Errorf("back to SMS: %v", toSMS.ChallengeParameters)
	}
	onlyPhone := newPhone()
	p.signUp(onlyPhone)
	c := p.mustInitiate(onlyPhone)
	_, err = p.respondWith(c.Session, c.ChallengeParameters, "resend", resendMetadata("email"))
	requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrChannelNotAvailable))
	if n := p.smsTo(onlyPhone); n != 1 {
		t.Errorf("%d SMS to a user who asked for email, want the first only", n)
	}
}

// TestResend asks for new codes on the same channel: each new code works
// and the old one does not, a resend uses no attempt but a resend, and
// the resend after the last (MAX_RESENDS, 2) ends the sign-in.
func TestResend(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: emailPool})
	var address, oldCode, newCode string
	var second *cip.RespondToAuthChallengeOutput
	untilCodesDiffer(t, func() (string, string) {
		address = newEmail()
		p.signUp(address)
		first := p.mustInitiate(address)
		oldCode = p.lastEmailCode(address)
		second = p.resend(first.Session, first.ChallengeParameters, "")
		newCode = p.lastEmailCode(address)
		return oldCode, newCode
	})
	params := second.ChallengeParameters
	if params["attemptsLeft"] != "3" || params["resendsLeft"] != "1" || params["channel"] != "email" || params["destination"] != emailaddr.Mask(address) {
		t.Fatalf("after a resend: %v", params)
	}
	if n := p.emailTo(address); n != 2 {
		t.Fatalf("%d emails after a resend, want 2", n)
	}
	refused, err := p.respond(second.Session, params, oldCode)
	if err != nil || refused.AuthenticationResult != nil || refused.ChallengeParameters["attemptsLeft"] != "2" {
		t.Fatalf("the old code after a resend: %+v, %v; want a wrong answer", refused, err)
	}
	// A wrong answer keeps the new code; the resends left stay.
	if refused.ChallengeParameters["resendsLeft"] != "1" {
		t.Errorf("resendsLeft after a wrong answer: %v", refused.ChallengeParameters)
	}
	out, err := p.respond(refused.Session, refused.ChallengeParameters, newCode)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the new code: %+v, %v", out, err)
	}

	// Two resends, then a third: Cognito ends the sign-in, with no email.
	other := newEmail()
	p.signUp(other)
	c := p.mustInitiate(other)
	session, params := c.Session, c.ChallengeParameters
	for want := config.DefaultMaxResends - 1; want >= 0; want-- {
		next := p.resend(session, params, "")
		session, params = next.Session, next.ChallengeParameters
		if params["resendsLeft"] != strconv.Itoa(want) || params["attemptsLeft"] != "3" {
			t.Fatalf("resendsLeft %q, attemptsLeft %q; want %d, 3", params["resendsLeft"], params["attemptsLeft"], want)
		}
	}
	_, err = p.respondWith(session, params, "resend", resendMetadata(""))
	requireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if n := p.emailTo(other); n != 1+config.DefaultMaxResends {
		t.Errorf("%d emails, want %d", n, 1+config.DefaultMaxResends)
	}

	// An answer with "resend" other than "true" is an answer like any other.
	third := newEmail()
	p.signUp(third)
	c = p.mustInitiate(third)
	wrong, err := p.respondWith(c.Session, c.ChallengeParameters, "resend", map[string]string{"resend": "yes"})
	if err != nil || wrong.ChallengeParameters["attemptsLeft"] != "2" {
		t.Fatalf("resend=yes: %+v, %v; want a wrong answer", wrong, err)
	}
}

// TestResendOverTheEmailLimit: a resend past the per-address limit is
// refused, and no email is sent.
func TestResendOverTheEmailLimit(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: emailPool, Env: map[string]string{config.EnvEmailPerAddressPer15Min: "2"}})
	address := newEmail()
	p.signUp(address)
	c := p.mustInitiate(address)
	second := p.resend(c.Session, c.ChallengeParameters, "")
	_, err := p.respondWith(second.Session, second.ChallengeParameters, "resend", resendMetadata(""))
	requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyCodes))
	if n := p.emailTo(address); n != 2 {
		t.Errorf("%d emails, want 2: the limit", n)
	}
	_, err = p.initiate(address)
	requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyCodes))

	// An unknown address is refused alike, with nothing sent.
	unknown := newEmail()
	c = p.mustInitiate(unknown)
	second = p.resend(c.Session, c.ChallengeParameters, "")
	_, err = p.respondWith(second.Session, second.ChallengeParameters, "resend", resendMetadata(""))
	requireAPIError(t, err, "UserLambdaValidationException", createFailed(passwordless.ErrTooManyCodes))
	if n := p.emailTo(unknown); n != 0 {
		t.Errorf("%d emails to an unknown address", n)
	}
}

// TestUnknownEmailLooksLikeARealOne plays the same moves, a resend then
// wrong answers, for a real user and an unknown name, by email and by
// phone number in a pool of both, and requires the same answers, shape for
// shape, and nothing sent to the unknown ones.
func TestUnknownEmailLooksLikeARealOne(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	realEmail, realPhone := newEmail(), newPhone()
	p.signUp(realEmail)
	p.signUp(realPhone)
	for _, pair := range [][2]string{{realEmail, newEmail()}, {realPhone, newPhone()}} {
		real, unknown := pair[0], pair[1]
		realRun, unknownRun := p.resendThenWrongUntilRefused(real), p.resendThenWrongUntilRefused(unknown)
		if strings.Join(realRun, "\n") != strings.Join(unknownRun, "\n") {
			t.Errorf("real user %s:\n%s\nunknown user %s:\n%s", real, strings.Join(realRun, "\n"), unknown, strings.Join(unknownRun, "\n"))
		}
		if p.emailTo(unknown)+p.smsTo(unknown) != 0 {
			t.Errorf("a code was sent to the unknown %s", unknown)
		}
	}
	if n := len(p.srv.Messages()); n != 4 {
		t.Errorf("the outboxes hold %d messages, want the real users' 4", n)
	}
}

// resendThenWrongUntilRefused signs name in, asks for a new code, then
// answers wrong until refused, and returns each step in a form that must
// not tell users apart.
func (p *testPool) resendThenWrongUntilRefused(name string) []string {
	p.t.Helper()
	challenge := p.mustInitiate(name)
	steps := []string{describeChallenge(challenge.ChallengeParameters)}
	next := p.resend(challenge.Session, challenge.ChallengeParameters, "")
	session, params := next.Session, next.ChallengeParameters
	for range 10 {
		steps = append(steps, describeChallenge(params))
		out, err := p.respond(session, params, "000000")
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) {
			return append(steps, apiErr.ErrorCode()+": "+apiErr.ErrorMessage())
		}
		if err != nil {
			p.t.Fatalf("answering for %s: %v", name, err)
		}
		session, params = out.Session, out.ChallengeParameters
	}
	p.t.Fatalf("%s was never refused", name)
	return nil
}

// TestOutboxEndpointWithEmail lists SMS and email in one list, oldest
// first, each with its channel.
func TestOutboxEndpointWithEmail(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	number, address := newPhone(), newEmail()
	p.signUp(number)
	p.addProvenEmail(number, address)
	c := p.mustInitiate(number)
	time.Sleep(10 * time.Millisecond) // distinct sentAt
	p.resend(c.Session, c.ChallengeParameters, "email")
	var got struct {
		Messages []struct {
			Channel, To, PhoneNumber, From, Subject, Message string
			SentAt                                           time.Time
		} `json:"messages"`
	}
	getJSON(t, p.srv.URL()+outboxPath, &got)
	if len(got.Messages) != 2 {
		t.Fatalf("GET %s = %+v, want an SMS and an email", outboxPath, got)
	}
	sms, mail := got.Messages[0], got.Messages[1]
	if sms.Channel != "sms" || sms.To != number || sms.PhoneNumber != number || codeOf(t, sms.Message) != p.lastCode(number) {
		t.Errorf("the SMS: %+v", sms)
	}
	if mail.Channel != "email" || mail.To != address || mail.PhoneNumber != "" || mail.From != DefaultEmailFrom ||
		mail.Subject != config.DefaultEmailSubject || codeOf(t, mail.Message) != p.lastEmailCode(address) || mail.SentAt.Before(sms.SentAt) {
		t.Errorf("the email: %+v", mail)
	}
}

// TestTriggerVariablesCoverConfig checks that local mode has a value for
// every variable a trigger reads, and CHANNELS for the username
// attributes, which Env overrides.
func TestTriggerVariablesCoverConfig(t *testing.T) {
	values, err := triggerVariables(nil, bothPool, false)
	if err != nil {
		t.Fatal(err)
	}
	for command, names := range config.Variables {
		for _, name := range names {
			if _, ok := values[name]; !ok {
				t.Errorf("no local default for %s, which %s reads", name, command)
			}
		}
	}
	if values[config.EnvChannels] != "sms,email" || values[config.EnvEmailFrom] != DefaultEmailFrom {
		t.Errorf("CHANNELS %q, EMAIL_FROM %q", values[config.EnvChannels], values[config.EnvEmailFrom])
	}
	for attrs, want := range map[string]string{"phone_number": "sms", "email": "email", "email,phone_number": "email,sms"} {
		list, err := ParseUsernameAttributes(attrs)
		if err != nil {
			t.Fatal(err)
		}
		values, err := triggerVariables(nil, list, false)
		if err != nil || values[config.EnvChannels] != want {
			t.Errorf("%s: CHANNELS %q, %v; want %q", attrs, values[config.EnvChannels], err, want)
		}
	}
	values, err = triggerVariables(map[string]string{config.EnvChannels: "email"}, []string{"phone_number"}, false)
	if err != nil || values[config.EnvChannels] != "email" {
		t.Errorf("Env's CHANNELS: %q, %v", values[config.EnvChannels], err)
	}
}

// requireParams checks that params are exactly want.
func requireParams(t *testing.T, params, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if params[k] != v {
			t.Errorf("ChallengeParameters[%q] = %q, want %q (all: %v)", k, params[k], v, params)
		}
	}
	if len(params) != len(want) {
		t.Errorf("ChallengeParameters = %v, want the keys of %v", params, want)
	}
}

// terminal is what the pool prints, read while the pool writes it.
type terminal struct {
	mu sync.Mutex
	b  strings.Builder
}

func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.b.Write(p)
}

func (t *terminal) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.b.String()
}

// TestStartLinesAndPrintedEmail checks what a pool of both prints: its
// usernames and channels, both outboxes, and an email as it arrives.
func TestStartLinesAndPrintedEmail(t *testing.T) {
	var out terminal
	p := startPool(t, Options{UsernameAttributes: []string{"email", "phone_number"}, Out: &out})
	address := newEmail()
	p.signUp(address)
	p.mustInitiate(address)
	code := p.lastEmailCode(address)
	for _, want := range []string{
		"  usernames:     email, phone_number (codes by email, sms)\n",
		"  SMS:           printed here (outbox at http://127.0.0.1:",
		"  email:         printed here (outbox at http://127.0.0.1:",
		"Email to " + address + ", subject \"Your sign-in code\":\n  Your sign-in code is " + code + "\n\n  If you did not try to sign in, ignore this email.\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the terminal lacks %q:\n%s", want, out.String())
		}
	}
	var phones terminal
	startPool(t, Options{Out: &phones})
	if s := phones.String(); !strings.Contains(s, "  usernames:     phone_number (codes by sms)\n") || strings.Contains(s, "email:") {
		t.Errorf("a pool of phone numbers prints:\n%s", s)
	}
}

// untilCodesDiffer runs try, which starts a new sign-in and returns the
// code it sent first and the one it sent next, until the two differ: a
// test that shows the first code refused proves nothing when both are the
// same, which happens once in a million. The same code three times in a
// row fails the test: that is no chance but a broken generator.
func untilCodesDiffer(t testing.TB, try func() (first, next string)) {
	t.Helper()
	for range 3 {
		if first, next := try(); first != next {
			return
		}
	}
	t.Fatal("three sign-ins in a row sent the same code twice: the codes are not random")
}
