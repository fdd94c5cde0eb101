package localpool

import (
	"slices"
	"time"
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
