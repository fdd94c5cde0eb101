package localpool

import (
	"fmt"
	"slices"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
	"github.com/cognito-passwordless/passwordless-go/internal/sesoutbox"
)

// ClientWritableAttributes are the attributes the app client may write
// with UpdateUserAttributes: the template's UserPoolClient WriteAttributes,
// every standard attribute but the addresses. A phone number or an email
// address decides where sign-in codes go, so whoever holds an access token
// for an hour (one stolen from a browser, say) must not be able to point
// the account's codes at an address of theirs: only the pool's owner
// changes an address (AdminUpdateUserAttributes), after checking the
// account's own factor. Cognito answers any other name with
// NotAuthorizedException.
var ClientWritableAttributes = []string{
	"address", "birthdate", "family_name", "gender", "given_name", "locale", "middle_name", "name",
	"nickname", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
}

// unauthorizedAttribute is Cognito's answer to a client writing an
// attribute its app client may not write.
const unauthorizedAttribute = "A client attempted to write unauthorized attribute"

// errAliasExists is Cognito's exception for an address that is another
// user's alias.
const errAliasExists = "AliasExistsException"

type updateUserAttributesInput struct {
	AccessToken    string
	UserAttributes []attributeType
	ClientMetadata map[string]string
}

// updateUserAttributes is UpdateUserAttributes as the template's app
// client allows it: only ClientWritableAttributes, so never an address.
// A request with any other attribute changes nothing.
func (s *Server) updateUserAttributes(c call, in *updateUserAttributesInput) (any, error) {
	if len(in.UserAttributes) == 0 {
		return nil, missingMember("userAttributes")
	}
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	for _, a := range in.UserAttributes {
		if !slices.Contains(ClientWritableAttributes, a.Name) {
			return nil, newError(errNotAuthorized, unauthorizedAttribute)
		}
	}
	_, err = s.users.update(u.username, func(u *user) error {
		for _, a := range in.UserAttributes {
			u.attributes[a.Name] = a.Value
		}
		u.modified = time.Now().UTC()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

type adminUpdateUserAttributesInput struct {
	adminUserInput
	UserAttributes []attributeType
	ClientMetadata map[string]string
}

// adminUpdateUserAttributes is AdminUpdateUserAttributes, the pool owner's
// way to change a user's attributes, addresses included. A new address
// must be no other user's alias (AliasExistsException), and is unverified
// unless the same call sets its *_verified attribute, as in Cognito. sub
// and cognito:user_status are Cognito's own.
func (s *Server) adminUpdateUserAttributes(c call, in *adminUpdateUserAttributesInput) (any, error) {
	if len(in.UserAttributes) == 0 {
		return nil, missingMember("userAttributes")
	}
	u, err := s.adminUser(&in.adminUserInput)
	if err != nil {
		return nil, err
	}
	changes := attributeMap(in.UserAttributes)
	for name := range changes {
		if name == attrSub || name == attrUserStatus {
			return nil, newError(errInvalidParameter, "Cannot modify the non-mutable attribute %s", name)
		}
	}
	if err := s.users.changeAliases(u.username, changes); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

// verifiedFlagOf names each address attribute's verified flag.
var verifiedFlagOf = map[string]string{attrPhoneNumber: attrPhoneNumberVerified, attrEmail: attrEmailVerified}

// changeAliases applies changes to the attributes of the user named
// username, moving the user's index entries from any old address to its
// new one. A new address that is another user's alias refuses the whole
// change, and an address changed without its verified flag in changes
// becomes unverified.
func (st *userStore) changeAliases(username string, changes map[string]string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	stored, ok := st.byName[key(username)]
	if !ok || key(stored.username) != key(username) {
		return newError(errUserNotFound, "User does not exist.")
	}
	for _, attr := range st.usernameAttributes {
		v, changing := changes[attr]
		if !changing || v == "" || key(v) == key(stored.attributes[attr]) {
			continue
		}
		if other, taken := st.byName[key(v)]; taken && other != stored {
			return newError(errAliasExists, "An account with the given %s already exists.", attr)
		}
	}
	for _, attr := range st.usernameAttributes {
		v, changing := changes[attr]
		if !changing || key(v) == key(stored.attributes[attr]) {
			continue
		}
		if old := stored.attributes[attr]; old != "" {
			delete(st.byName, key(old))
		}
		if v != "" {
			st.byName[key(v)] = stored
		}
	}
	for name, v := range changes {
		if flag, isAddress := verifiedFlagOf[name]; isAddress && v != stored.attributes[name] {
			if _, set := changes[flag]; !set {
				stored.attributes[flag] = "false"
			}
		}
	}
	for name, v := range changes {
		if v == "" {
			delete(stored.attributes, name)
		} else {
			stored.attributes[name] = v
		}
	}
	stored.modified = time.Now().UTC()
	return nil
}

// Cognito's own verification email, with its default sender
// (COGNITO_DEFAULT: the template sets no EmailConfiguration) and its
// default message.
const (
	verificationFrom    = "no-reply@verificationemail.com"
	verificationSubject = "Your verification code"
	verificationMessage = "Your verification code is %s. "
	// verificationTTL is how long Cognito's attribute verification codes
	// are valid.
	verificationTTL = 24 * time.Hour
	// verificationAttempts is how many codes a user may ask for, and how
	// many wrong codes a user may give, in verificationWindow: a code
	// voided by wrong answers cannot be followed by another at once, so
	// guessing stays at a few codes an hour, and the pool sends a user a
	// few emails an hour at most.
	verificationAttempts = 5
	verificationWindow   = time.Hour
)

// attributeCode is a verification code sent for one attribute: its seal,
// never the code.
type attributeCode struct {
	seal otp.Seal
}

// verificationBudget is what one user has spent of verificationAttempts
// in the window that started at start.
type verificationBudget struct {
	start       time.Time
	sent, wrong int
}

// budget returns username's verificationBudget in the window that holds
// now; the caller holds attributeCodesMu.
func (s *Server) budget(username string, now time.Time) *verificationBudget {
	b, ok := s.verificationBudgets[username]
	if !ok || !now.Before(b.start.Add(verificationWindow)) {
		b = &verificationBudget{start: now}
		s.verificationBudgets[username] = b
	}
	return b
}

// errVerificationLimit is Cognito's answer past a verification limit.
var errVerificationLimit = newError(errLimitExceeded, "Attempt limit exceeded, please try after some time.")

type attributeVerificationInput struct {
	AccessToken    string
	AttributeName  string
	Code           string
	ClientMetadata map[string]string
}

type codeDeliveryDetails struct {
	AttributeName  string `json:"AttributeName"`
	DeliveryMedium string `json:"DeliveryMedium"`
	Destination    string `json:"Destination"`
}

// getUserAttributeVerificationCode is GetUserAttributeVerificationCode
// for the user's own email address, the one address the template's pool
// can verify itself: Cognito emails a code with its default sender, here
// into the email outbox. The pool has no SMS configuration of its own, so
// it cannot text a verification code (local mode's own message). The code
// is kept only as a seal, as the triggers keep theirs.
func (s *Server) getUserAttributeVerificationCode(c call, in *attributeVerificationInput) (any, error) {
	u, err := s.verifiableAttribute(in)
	if err != nil {
		return nil, err
	}
	if s.emailOutbox == nil {
		return nil, newError(errInvalidParameter, "Local mode emails verification codes only to its own email outbox, not through AWS_ENDPOINT_URL_SESV2.")
	}
	id := verificationID(u, in.AttributeName)
	s.attributeCodesMu.Lock()
	b := s.budget(u.username, s.now())
	if b.sent >= verificationAttempts {
		s.attributeCodesMu.Unlock()
		return nil, errVerificationLimit
	}
	// Made only once the budget allows it.
	code, err := otp.Generate(otp.GenerateOptions{})
	if err != nil {
		s.attributeCodesMu.Unlock()
		return nil, err
	}
	b.sent++
	s.attributeCodes[id] = &attributeCode{seal: s.codeSealer.Seal(id, code, s.now().Add(verificationTTL))}
	s.attributeCodesMu.Unlock()
	sesoutbox.Send(s.emailOutbox, sesoutbox.Message{From: verificationFrom, To: u.email(), Subject: verificationSubject, Body: fmt.Sprintf(verificationMessage, code)})
	return struct {
		CodeDeliveryDetails codeDeliveryDetails `json:"CodeDeliveryDetails"`
	}{codeDeliveryDetails{AttributeName: attrEmail, DeliveryMedium: "EMAIL", Destination: emailaddr.Mask(u.email())}}, nil
}

// verifyUserAttribute is VerifyUserAttribute: the code sent for the
// attribute verifies it. Wrong codes count per user and window; the fifth
// voids the code, and no answer is looked at until the window ends.
func (s *Server) verifyUserAttribute(c call, in *attributeVerificationInput) (any, error) {
	if in.Code == "" {
		return nil, missingMember("code")
	}
	u, err := s.verifiableAttribute(in)
	if err != nil {
		return nil, err
	}
	id := verificationID(u, in.AttributeName)
	s.attributeCodesMu.Lock()
	pending, ok := s.attributeCodes[id]
	b := s.budget(u.username, s.now())
	switch {
	case b.wrong >= verificationAttempts:
		s.attributeCodesMu.Unlock()
		return nil, errVerificationLimit
	case !ok:
		s.attributeCodesMu.Unlock()
		return nil, newError(errCodeMismatch, "Invalid verification code provided, please try again.")
	case !s.now().Before(pending.seal.ExpiresAt):
		delete(s.attributeCodes, id)
		s.attributeCodesMu.Unlock()
		return nil, newError(errExpiredCode, "Invalid code provided, please request a code again.")
	case !s.codeSealer.Check(pending.seal, id, in.Code, s.now()):
		if b.wrong++; b.wrong >= verificationAttempts {
			delete(s.attributeCodes, id)
		}
		s.attributeCodesMu.Unlock()
		return nil, newError(errCodeMismatch, "Invalid verification code provided, please try again.")
	}
	delete(s.attributeCodes, id)
	s.attributeCodesMu.Unlock()
	if _, err := s.users.update(u.username, func(u *user) error {
		u.attributes[verifiedFlagOf[in.AttributeName]] = "true"
		return nil
	}); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

// verificationID names a verification code by user, attribute and the
// address it was sent to, so that a code verifies that address only: if
// the owner changes the address meanwhile, the old code verifies nothing.
func verificationID(u user, attribute string) string {
	return u.username + "\x00" + attribute + "\x00" + u.attributes[attribute]
}

// verifiableAttribute is the user of the access token, who has the email
// address in.AttributeName names.
func (s *Server) verifiableAttribute(in *attributeVerificationInput) (user, error) {
	if in.AttributeName == "" {
		return user{}, missingMember("attributeName")
	}
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return user{}, err
	}
	switch {
	case in.AttributeName == attrPhoneNumber:
		return user{}, newError(errInvalidParameter, "The pool has no SMS configuration of its own, so it cannot text a verification code; a sign-in by an SMS code proves the number.")
	case in.AttributeName != attrEmail:
		return user{}, newError(errInvalidParameter, "Only email and phone_number can be verified.")
	case u.email() == "":
		return user{}, newError(errInvalidParameter, "The user has no email address to verify.")
	}
	return u, nil
}
