package localpool

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	passwordless "github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// The attacks on the account around a sign-in, each through local mode
// and the real trigger binaries: who owns an address, and what an answer
// reveals. The threat model is docs/security.md's.

// signUpErr signs name up with attrs and returns SignUp's error.
func (p *testPool) signUpErr(name string, attrs map[string]string) error {
	var list []types.AttributeType
	for k, v := range attrs {
		list = append(list, types.AttributeType{Name: aws.String(k), Value: aws.String(v)})
	}
	_, err := p.client.SignUp(testContext(p.t), &cip.SignUpInput{
		ClientId: aws.String(p.srv.ClientID()), Username: aws.String(name), Password: aws.String("Unused-Passw0rd!"), UserAttributes: list,
	})
	return err
}

// signInByEmail signs address in with the code emailed to it.
func (p *testPool) signInByEmail(address string) *types.AuthenticationResultType {
	p.t.Helper()
	challenge := p.mustInitiate(address)
	if challenge.ChallengeParameters["channel"] != "email" {
		p.t.Fatalf("the code for %s went by %s, want email", address, challenge.ChallengeParameters["channel"])
	}
	out, err := p.respond(challenge.Session, challenge.ChallengeParameters, p.lastEmailCode(address))
	if err != nil || out.AuthenticationResult == nil {
		p.t.Fatalf("the emailed code: %+v, %v; want tokens", out, err)
	}
	return out.AuthenticationResult
}

// userOf returns the GetUser answer for an access token as a map.
func (p *testPool) userOf(tokens *types.AuthenticationResultType) map[string]string {
	p.t.Helper()
	out, err := p.client.GetUser(testContext(p.t), &cip.GetUserInput{AccessToken: tokens.AccessToken})
	if err != nil {
		p.t.Fatalf("GetUser: %v", err)
	}
	attrs := map[string]string{}
	for _, a := range out.UserAttributes {
		attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return attrs
}

// TestPreHijackingEndsInTwoAccounts is the pre-hijacking attack on a pool
// with both username attributes: the attacker signs up with their own
// email and the victim's phone number, to hold the number in an account
// they enter by email. The sign-up is refused; the attacker's account has
// their email alone and cannot take the number later; the victim signs up
// with the number and signs in to an account of their own.
func TestPreHijackingEndsInTwoAccounts(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	attackerEmail, victimPhone := newEmail(), newPhone()

	err := p.signUpErr(attackerEmail, map[string]string{"phone_number": victimPhone})
	requireAPIError(t, err, "UserLambdaValidationException", passwordless.ErrTwoAddresses.Error())
	if _, taken := p.srv.users.lookup(victimPhone); taken {
		t.Fatal("the refused sign-up holds the victim's number")
	}

	attackerSub := p.signUpWith(attackerEmail, nil)
	attacker := p.signInByEmail(attackerEmail)
	_, err = p.client.UpdateUserAttributes(testContext(t), &cip.UpdateUserAttributesInput{
		AccessToken:    attacker.AccessToken,
		UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String(victimPhone)}},
	})
	requireAPIError(t, err, "NotAuthorizedException", unauthorizedAttribute)

	victimSub := p.signUp(victimPhone)
	victim := p.userOf(p.signIn(victimPhone))
	if victimSub == attackerSub || victim["sub"] != victimSub || victim["email"] != "" {
		t.Errorf("the victim's account: %v; want their own (sub %s, not the attacker's %s), with no email", victim, victimSub, attackerSub)
	}
	if got := p.userOf(attacker); got["phone_number"] != "" {
		t.Errorf("the attacker's account holds the phone number %q", got["phone_number"])
	}
}

// TestSquattedNumberIsUselessToSquatter: an attacker signs up with the
// victim's number alone, before the victim. The victim cannot sign up
// with it, but the account's codes go to the number, never anywhere the
// attacker reads: the attacker cannot sign in, and the victim can. Nothing
// was verified at sign-up.
func TestSquattedNumberIsUselessToSquatter(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	victimPhone := newPhone()
	p.signUp(victimPhone) // by the attacker
	u, _ := p.srv.users.lookup(victimPhone)
	if u.attributes[attrPhoneNumberVerified] != "false" {
		t.Errorf("phone_number_verified = %q after sign-up, want false: nobody proved the number", u.attributes[attrPhoneNumberVerified])
	}
	requireAPIError(t, p.signUpErr(victimPhone, nil), "UsernameExistsException", "An account with the given phone_number already exists.")

	challenge := p.mustInitiate(victimPhone) // the attacker tries
	if n := p.smsTo(victimPhone); n != 1 || len(p.srv.EmailOutbox()) != 0 {
		t.Fatalf("%d SMS to the number and %d emails, want the one SMS to the victim's phone", n, len(p.srv.EmailOutbox()))
	}
	if out, err := p.respond(challenge.Session, challenge.ChallengeParameters, wrongCode(p.lastCode(victimPhone))); err != nil || out.AuthenticationResult != nil {
		t.Fatalf("the attacker's guess: %+v, %v; want another round and no tokens", out, err)
	}
	p.signIn(victimPhone) // the victim, with the code on their phone
}

// TestStolenAccessTokenCannotRedirectCodes is the attack of one stolen
// access token: within its hour, point the account's phone number or
// email at the thief, so that every later code goes there. The app client
// writes no address (the template's WriteAttributes), so both are refused
// and the next code goes where it went before; harmless attributes still
// change.
func TestStolenAccessTokenCannotRedirectCodes(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	victim, thief := newPhone(), newPhone()
	p.signUp(victim)
	stolen := p.signIn(victim)
	for _, attr := range []types.AttributeType{
		{Name: aws.String("phone_number"), Value: aws.String(thief)},
		{Name: aws.String("email"), Value: aws.String(newEmail())},
		{Name: aws.String("phone_number_verified"), Value: aws.String("true")},
		{Name: aws.String("custom:anything"), Value: aws.String("x")},
	} {
		_, err := p.client.UpdateUserAttributes(testContext(t), &cip.UpdateUserAttributesInput{
			AccessToken: stolen.AccessToken, UserAttributes: []types.AttributeType{{Name: aws.String("name"), Value: aws.String("Mallory")}, attr},
		})
		requireAPIError(t, err, "NotAuthorizedException", unauthorizedAttribute)
	}
	if got := p.userOf(stolen); got["phone_number"] != victim || got["email"] != "" || got["name"] != "" {
		t.Errorf("after the refused updates: %v; want nothing changed", got)
	}
	if _, err := p.client.UpdateUserAttributes(testContext(t), &cip.UpdateUserAttributesInput{
		AccessToken: stolen.AccessToken, UserAttributes: []types.AttributeType{{Name: aws.String("name"), Value: aws.String("Jane")}},
	}); err != nil {
		t.Fatalf("updating name: %v", err)
	}
	p.signIn(victim)
	if n := p.smsTo(thief); n != 0 {
		t.Errorf("%d codes went to the thief's number", n)
	}
}

// TestAdminChangesAnAddress: the pool's owner changes a user's number
// (AdminUpdateUserAttributes): the new number signs in, the old one is
// free, and a number that is another user's alias is refused.
func TestAdminChangesAnAddress(t *testing.T) {
	p := startPool(t, Options{UsernameAttributes: bothPool})
	old, changed, other := newPhone(), newPhone(), newPhone()
	sub := p.signUp(old)
	p.signUp(other)
	update := func(number string) error {
		_, err := p.client.AdminUpdateUserAttributes(testContext(t), &cip.AdminUpdateUserAttributesInput{
			UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(sub),
			UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String(number)}},
		})
		return err
	}
	requireAPIError(t, update(other), "AliasExistsException", "An account with the given phone_number already exists.")
	if err := update(changed); err != nil {
		t.Fatal(err)
	}
	if got := p.userOf(p.signIn(changed)); got["sub"] != sub || got["phone_number_verified"] != "false" {
		t.Errorf("after the change: %v; want the same user, the new number unverified", got)
	}
	if _, taken := p.srv.users.lookup(old); taken {
		t.Error("the old number still names the user")
	}
}

// TestNoEnumerationInAnyPoolOrRound types a known user's address and an
// unknown one, in every pool shape, in upper case where the pool has
// email, and plays every round: the first code, a wrong answer, a resend,
// a switch of channel (to the pool's other channel, or to one it lacks),
// then wrong answers until refused. Each step must read the same for both,
// and no step may show an address other than the one its code went to.
func TestNoEnumerationInAnyPoolOrRound(t *testing.T) {
	pools := []struct {
		name       string
		attributes []string
		known      func() (signUp, typed string)
		unknown    func() string
		switchTo   string
	}{
		{"phone", []string{"phone_number"}, func() (string, string) { n := newPhone(); return n, n }, newPhone, "email"},
		{"email", emailPool, mixedCaseEmail, func() string { return strings.ToUpper(newEmail()) }, "sms"},
		{"both, by phone", bothPool, func() (string, string) { n := newPhone(); return n, n }, newPhone, "email"},
		{"both, by email", bothPool, mixedCaseEmail, func() string { return strings.ToUpper(newEmail()) }, "sms"},
	}
	for _, pool := range pools {
		t.Run(pool.name, func(t *testing.T) {
			// Room for every round's code in the per-address windows.
			roomy := map[string]string{config.EnvSMSPerNumberPer15Minutes: "20", config.EnvEmailPerAddressPer15Min: "20"}
			p := startPool(t, Options{UsernameAttributes: pool.attributes, Env: roomy})
			signUp, typed := pool.known()
			p.signUpWith(signUp, nil)
			known, unknown := p.everyRound(typed, pool.switchTo), p.everyRound(pool.unknown(), pool.switchTo)
			if strings.Join(known, "\n") != strings.Join(unknown, "\n") {
				t.Errorf("known user %s:\n%s\nunknown user:\n%s", typed, strings.Join(known, "\n"), strings.Join(unknown, "\n"))
			}
			for _, step := range known {
				if strings.Contains(step, "unexpected") || strings.Contains(step, "badshape") {
					t.Errorf("step %q shows what it must not", step)
				}
			}
		})
	}
}

// mixedCaseEmail is a known user who signed up as User0001@Example.com
// and is typed as USER0001@EXAMPLE.COM.
func mixedCaseEmail() (string, string) {
	address := newEmail()
	signUp := strings.ToUpper(address[:1]) + address[1:strings.Index(address, "@")+1] + "Example.com"
	return signUp, strings.ToUpper(address)
}

// everyRound plays the rounds of TestNoEnumerationInAnyPoolOrRound for
// name and describes each in a form that must not tell users apart: the
// parameters' values where they must be equal, the masks exactly as shown
// when the name is typed (they are made from the normalised address), the
// others by shape.
func (p *testPool) everyRound(name, switchTo string) []string {
	p.t.Helper()
	var steps []string
	describe := func(params map[string]string) {
		masked := params["destination"]
		steps = append(steps, describeChallenge(params)+" mask="+maskShape(masked))
	}
	// Every spelling of the name is one user: the same USERNAME whatever
	// the case typed, and an answer may name the user in any case.
	lower := p.mustInitiate(strings.ToLower(name))
	challenge := p.mustInitiate(name)
	steps = append(steps, fmt.Sprintf("USERNAME the same in any case: %v", lower.ChallengeParameters["USERNAME"] == challenge.ChallengeParameters["USERNAME"]))
	describe(challenge.ChallengeParameters)
	session, params := challenge.Session, challenge.ChallengeParameters
	out, err := p.client.RespondToAuthChallenge(testContext(p.t), &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(p.srv.ClientID()), ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: session,
		ChallengeResponses: map[string]string{"USERNAME": strings.ToLower(name), "ANSWER": "000000"},
	})
	if err != nil {
		p.t.Fatalf("a wrong answer for %s, named in lower case: %v", name, err)
	}
	describe(out.ChallengeParameters)
	next := p.resend(out.Session, out.ChallengeParameters, "")
	describe(next.ChallengeParameters)
	switched, err := p.respondWith(next.Session, next.ChallengeParameters, "resend", resendMetadata(switchTo))
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &apiErr):
		steps = append(steps, "switch: "+apiErr.ErrorCode()+": "+apiErr.ErrorMessage())
		// A refused round ends the sign-in: start again for the rest.
		again := p.mustInitiate(name)
		session, params = again.Session, again.ChallengeParameters
	case err != nil:
		p.t.Fatalf("switch to %s for %s: %v", switchTo, name, err)
	default:
		describe(switched.ChallengeParameters)
		session, params = switched.Session, switched.ChallengeParameters
	}
	for range 10 {
		out, err := p.respond(session, params, "000000")
		if errors.As(err, &apiErr) {
			return append(steps, apiErr.ErrorCode()+": "+apiErr.ErrorMessage())
		}
		if err != nil {
			p.t.Fatalf("answering for %s: %v", name, err)
		}
		describe(out.ChallengeParameters)
		session, params = out.Session, out.ChallengeParameters
	}
	p.t.Fatalf("%s was never refused", name)
	return nil
}

// maskShape describes a mask so that two users' masks compare equal only
// if they are made alike: each letter is "a" if lower case and "A" if
// upper case, each digit "9", the rest itself.
func maskShape(mask string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return 'a'
		case r >= 'A' && r <= 'Z':
			return 'A'
		case r >= '0' && r <= '9':
			return '9'
		}
		return r
	}, mask)
}

// TestUnknownNamesCannotSpendThePoolBudget is the free denial of service:
// sign-ins for numbers nobody signed up for, which send nothing, try to
// spend the pool's hourly SMS budget so that real users are refused for
// the rest of the hour. They do not spend it; real sign-ins do, and once
// it is spent an unknown number is refused exactly as a real one.
func TestUnknownNamesCannotSpendThePoolBudget(t *testing.T) {
	const budget = 3
	p := startPool(t, Options{Env: map[string]string{config.EnvSMSPerPoolPerHour: strconv.Itoa(budget)}})
	for range 4 * budget {
		p.mustInitiate(newPhone())
	}
	if n := len(p.srv.Outbox()); n != 0 {
		t.Fatalf("%d SMS sent to unknown numbers", n)
	}
	for range budget {
		number := newPhone()
		p.signUp(number)
		p.signIn(number)
	}
	real, unknown := newPhone(), newPhone()
	p.signUp(real)
	_, errReal := p.initiate(real)
	_, errUnknown := p.initiate(unknown)
	requireAPIError(t, errReal, "UserLambdaValidationException", passwordless.ErrUnavailable.Error())
	requireAPIError(t, errUnknown, "UserLambdaValidationException", passwordless.ErrUnavailable.Error())
}

// addProvenEmail gives the user of number the email address, as the pool's
// owner does (AdminUpdateUserAttributes) once the user has proven both:
// the number by signing in with it, the address by a code sent there. A
// user signs up with one address, and a code goes to a second one only
// when both are verified.
func (p *testPool) addProvenEmail(number, address string) {
	p.t.Helper()
	_, err := p.client.AdminUpdateUserAttributes(testContext(p.t), &cip.AdminUpdateUserAttributesInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(number),
		UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(address)},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
			{Name: aws.String("phone_number_verified"), Value: aws.String("true")},
		},
	})
	if err != nil {
		p.t.Fatalf("AdminUpdateUserAttributes: %v", err)
	}
}

// TestVerifyOwnEmail: a signed-in user verifies the email address the
// account has, by the code Cognito emails with its default sender; a
// wrong code does not verify it. The attacks: guessing (five wrong codes
// an hour, across codes, then every answer is refused), mail-bombing the
// user's own address (five codes an hour), a code sent before the owner
// changed the address (it verifies nothing), and a phone number (the pool
// has no SMS configuration). Verifying changes no address.
func TestVerifyOwnEmail(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	p := startPool(t, Options{UsernameAttributes: emailPool, clock: clock.now})
	address := newEmail()
	p.signUp(address)
	tokens := p.signInByEmail(address)
	get := func() (*cip.GetUserAttributeVerificationCodeOutput, error) {
		return p.client.GetUserAttributeVerificationCode(testContext(t), &cip.GetUserAttributeVerificationCodeInput{
			AccessToken: tokens.AccessToken, AttributeName: aws.String("email")})
	}
	verify := func(code string) error {
		_, err := p.client.VerifyUserAttribute(testContext(t), &cip.VerifyUserAttributeInput{
			AccessToken: tokens.AccessToken, AttributeName: aws.String("email"), Code: aws.String(code)})
		return err
	}
	out, err := get()
	if err != nil || out.CodeDeliveryDetails.DeliveryMedium != types.DeliveryMediumTypeEmail || aws.ToString(out.CodeDeliveryDetails.Destination) != emailaddr.Mask(address) {
		t.Fatalf("GetUserAttributeVerificationCode: %+v, %v", out, err)
	}
	code := p.lastEmailCode(address)
	requireAPIError(t, verify(wrongCode(code)), "CodeMismatchException", "Invalid verification code")
	if got := p.userOf(tokens); got["email_verified"] != "false" {
		t.Fatalf("a wrong code verified the address: %v", got)
	}
	if err := verify(code); err != nil {
		t.Fatalf("the right code: %v", err)
	}
	if got := p.userOf(tokens); got["email_verified"] != "true" || got["email"] != address {
		t.Errorf("after the right code: %v", got)
	}
	requireAPIError(t, verify(code), "CodeMismatchException", "Invalid verification code")

	// Guessing: the fifth wrong code of the hour voids the code, and no
	// answer is looked at until the hour ends, whatever new code comes.
	if _, err := get(); err != nil {
		t.Fatal(err)
	}
	code = p.lastEmailCode(address)
	for range verificationAttempts - 1 {
		requireAPIError(t, verify(wrongCode(code)), "CodeMismatchException", "Invalid verification code")
	}
	requireAPIError(t, verify(code), "LimitExceededException", "Attempt limit exceeded")
	// Mail-bombing: five codes an hour.
	for range verificationAttempts - 2 {
		if _, err := get(); err != nil {
			t.Fatal(err)
		}
	}
	_, err = get()
	requireAPIError(t, err, "LimitExceededException", "Attempt limit exceeded")
	if n := p.emailTo(address); n != 1+verificationAttempts {
		t.Errorf("%d emails to the address, want the sign-in's and %d codes", n, verificationAttempts)
	}

	_, err = p.client.GetUserAttributeVerificationCode(testContext(t), &cip.GetUserAttributeVerificationCodeInput{
		AccessToken: tokens.AccessToken, AttributeName: aws.String("phone_number")})
	requireAPIError(t, err, "InvalidParameterException", "no SMS configuration")

	// A code sent to the old address verifies nothing once the owner has
	// changed it: the new address stays unproven.
	clock.advance(verificationWindow)
	if _, err := get(); err != nil {
		t.Fatal(err)
	}
	code = p.lastEmailCode(address)
	changed := newEmail()
	if _, err := p.client.AdminUpdateUserAttributes(testContext(t), &cip.AdminUpdateUserAttributesInput{
		UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(address),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(changed)}},
	}); err != nil {
		t.Fatal(err)
	}
	requireAPIError(t, verify(code), "CodeMismatchException", "Invalid verification code")
	if got := p.userOf(tokens); got["email"] != changed || got["email_verified"] != "false" {
		t.Errorf("after the old address's code: %v; want the new address unverified", got)
	}
}
