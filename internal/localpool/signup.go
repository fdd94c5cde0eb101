package localpool

import (
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// phoneShape is Cognito's own check of a phone number: "+" and digits. The
// pre sign-up trigger applies the stricter E.164 rule.
var phoneShape = regexp.MustCompile(`^\+[0-9]{1,20}$`)

// emailShape is local mode's check that a name is an email address, as
// Cognito tells a username attribute from another: one "@", something on
// each side, no space. The pre sign-up trigger checks the address itself.
var emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

type signUpInput struct {
	ClientId       string
	Username       string
	Password       string // optional: the password-and-code flow signs in with it by SRP
	UserAttributes []attributeType
	ValidationData []attributeType
	ClientMetadata map[string]string
}

type signUpOutput struct {
	UserConfirmed bool   `json:"UserConfirmed"`
	UserSub       string `json:"UserSub"`
}

// signUp is SignUp for a pool with UsernameAttributes: Username is a
// phone number or an email address (as the pool allows), which becomes
// that attribute, and the user's username is a new UUID. Each alias, the
// Username and any other username attribute given, must be free. It runs
// pre sign-up with the attributes, validation data and client metadata,
// and confirms the user and verifies the phone number and the email
// address as it says.
func (s *Server) signUp(c call, in *signUpInput) (any, error) {
	switch {
	case in.ClientId == "":
		return nil, missingMember("clientId")
	case in.Username == "":
		return nil, missingMember("username")
	}
	if err := s.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	usernameAttribute, err := s.usernameAttribute(in.Username)
	if err != nil {
		return nil, err
	}
	if in.Password != "" {
		if err := checkPassword(in.Password); err != nil {
			return nil, err
		}
	}
	attrs := attributeMap(in.UserAttributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	// The Username is its username attribute; the others here are
	// Cognito's to set, not the client's.
	attrs[usernameAttribute] = in.Username
	for _, name := range []string{attrPhoneNumberVerified, attrEmailVerified, attrSub, attrUserStatus} {
		delete(attrs, name)
	}
	if err := s.users.taken(attrs); err != nil {
		return nil, err
	}

	sub := newUUID()
	resp, err := s.triggers.preSignUp(c, sub, events.CognitoEventUserPoolsPreSignupRequest{
		UserAttributes: attrs,
		ValidationData: attributeMap(in.ValidationData),
		ClientMetadata: in.ClientMetadata,
	})
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	u := user{username: sub, attributes: attrs, status: statusUnconfirmed, enabled: true, created: now, modified: now}
	u.attributes[attrSub] = sub
	if in.Password != "" {
		// The verifier binds the password to this pool and username, as
		// Cognito's; the password itself is not kept.
		v, err := srp.NewVerifier(srp.PoolName(s.userPoolID), sub, in.Password, nil)
		if err != nil {
			return nil, err
		}
		u.password = &v
	}
	if u.phone() != "" {
		u.attributes[attrPhoneNumberVerified] = strconv.FormatBool(resp.AutoVerifyPhone)
	}
	if u.email() != "" {
		u.attributes[attrEmailVerified] = strconv.FormatBool(resp.AutoVerifyEmail)
	}
	if resp.AutoConfirmUser {
		u.status = statusConfirmed
	}
	if err := s.users.add(u); err != nil {
		return nil, err
	}
	return signUpOutput{UserConfirmed: resp.AutoConfirmUser, UserSub: sub}, nil
}

// usernameAttribute returns the username attribute name is a value of:
// phone_number or email, of those the pool allows. Anything else gets
// Cognito's InvalidParameterException for the pool's UsernameAttributes.
func (s *Server) usernameAttribute(name string) (string, error) {
	allowed := s.users.usernameAttributes
	switch {
	case phoneShape.MatchString(name) && slices.Contains(allowed, attrPhoneNumber):
		return attrPhoneNumber, nil
	case emailShape.MatchString(name) && slices.Contains(allowed, attrEmail):
		return attrEmail, nil
	case len(allowed) > 1:
		return "", newError(errInvalidParameter, "Username should be either an email or a phone number.")
	case allowed[0] == attrEmail:
		return "", newError(errInvalidParameter, "Username should be an email.")
	default:
		return "", newError(errInvalidParameter, "Username should be a phone number.")
	}
}

// attributeMap turns a list of attributes into the map events carry; none
// gives nil, which Cognito sends as null.
func attributeMap(list []attributeType) map[string]string {
	if len(list) == 0 {
		return nil
	}
	m := make(map[string]string, len(list))
	for _, a := range list {
		m[a.Name] = a.Value
	}
	return m
}
