package localpool

import (
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// phoneShape is Cognito's own check of a phone number: "+" and digits. The
// pre sign-up trigger applies the stricter E.164 rule.
var phoneShape = regexp.MustCompile(`^\+[0-9]{1,20}$`)

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

// signUp is SignUp for a pool whose username attribute is phone_number:
// Username is the phone number, and the user's username is a new UUID. It
// runs pre sign-up with the attributes, validation data and client
// metadata, and confirms the user and verifies the number as it says.
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
	if !phoneShape.MatchString(in.Username) {
		return nil, newError(errInvalidParameter, "Username should be a phone number.")
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
	// The phone number is the username attribute; the others here are
	// Cognito's to set, not the client's.
	attrs[attrPhoneNumber] = in.Username
	delete(attrs, attrPhoneNumberVerified)
	delete(attrs, attrSub)
	delete(attrs, attrUserStatus)
	if _, taken := s.users.lookup(in.Username); taken {
		return nil, errPhoneTaken
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
	u.attributes[attrPhoneNumberVerified] = strconv.FormatBool(resp.AutoVerifyPhone)
	if resp.AutoConfirmUser {
		u.status = statusConfirmed
	}
	if err := s.users.add(u); err != nil {
		return nil, err
	}
	return signUpOutput{UserConfirmed: resp.AutoConfirmUser, UserSub: sub}, nil
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
