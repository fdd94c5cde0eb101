package localpool

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// User statuses, as Cognito names them.
const (
	statusConfirmed   = "CONFIRMED"
	statusUnconfirmed = "UNCONFIRMED"
)

// Attribute names this pool gives meaning to.
const (
	attrSub                 = "sub"
	attrPhoneNumber         = "phone_number"
	attrPhoneNumberVerified = "phone_number_verified"
	attrEmail               = "email"
	attrEmailVerified       = "email_verified"
	attrUserStatus          = "cognito:user_status"
)

// user is one user of the pool. Values are copied in and out of the store,
// so a user in hand never changes under its holder.
type user struct {
	// username is a UUID equal to sub: with UsernameAttributes, Cognito
	// generates it, and the phone number and email address are aliases.
	username string
	// attributes holds every attribute but cognito:user_status.
	attributes map[string]string
	status     string
	enabled    bool
	created    time.Time
	modified   time.Time
	// password is the SRP verifier of the user's password (never the
	// password); nil for a user who signed up without one.
	password *srp.Verifier
	// softwareToken is the user's TOTP authenticator, if any.
	softwareToken softwareToken
}

func (u user) phone() string { return u.attributes[attrPhoneNumber] }

func (u user) email() string { return u.attributes[attrEmail] }

// aliases are the values of the username attributes u has: the names
// besides its username that sign it in.
func (u user) aliases(usernameAttributes []string) []string {
	var out []string
	for _, attr := range usernameAttributes {
		if v := u.attributes[attr]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// triggerAttributes is the userAttributes Cognito sends the auth triggers:
// the attributes and the status.
func (u user) triggerAttributes() map[string]string {
	attrs := make(map[string]string, len(u.attributes)+1)
	for k, v := range u.attributes {
		attrs[k] = v
	}
	attrs[attrUserStatus] = u.status
	return attrs
}

// userStore holds the users, findable by username or by the value of a
// username attribute (phone number, email address), which is unique.
type userStore struct {
	// usernameAttributes are the pool's UsernameAttributes.
	usernameAttributes []string

	mu      sync.RWMutex
	byName  map[string]*user // username and aliases
	ordered []*user          // in order of creation, for ListUsers
}

func newUserStore(usernameAttributes []string) *userStore {
	return &userStore{usernameAttributes: usernameAttributes, byName: map[string]*user{}}
}

// lookup finds a user by username or alias.
func (st *userStore) lookup(name string) (user, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	u, ok := st.byName[key(name)]
	if !ok {
		return user{}, false
	}
	return u.clone(), true
}

// key is the index key of a user name or alias: lower-cased, as in a pool
// whose user names are not case-sensitive (the template's
// UsernameConfiguration), so that Jane@Example.com and jane@example.com
// are one user. UUIDs and phone numbers have no upper case to lose.
func key(name string) string { return strings.ToLower(name) }

// add stores u unless a user with one of its aliases exists.
func (st *userStore) add(u user) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.checkAliases(u.attributes); err != nil {
		return err
	}
	stored := u.clone()
	st.byName[key(u.username)] = &stored
	for _, alias := range u.aliases(st.usernameAttributes) {
		st.byName[key(alias)] = &stored
	}
	st.ordered = append(st.ordered, &stored)
	return nil
}

// taken refuses attributes whose phone number or email address is some
// user's alias, as Cognito refuses a sign-up with them.
func (st *userStore) taken(attributes map[string]string) error {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.checkAliases(attributes)
}

func (st *userStore) checkAliases(attributes map[string]string) error {
	for _, attr := range st.usernameAttributes {
		if v := attributes[attr]; v != "" {
			if _, taken := st.byName[key(v)]; taken {
				return newError(errUsernameExists, "An account with the given %s already exists.", attr)
			}
		}
	}
	return nil
}

// update applies change to a copy of the user named username and stores
// the copy, under the store's lock, so that a change that reads and then
// writes (a TOTP code used once) is atomic. A change that fails changes
// nothing. It returns the user as stored.
func (st *userStore) update(username string, change func(*user) error) (user, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	stored, ok := st.byName[key(username)]
	if !ok || key(stored.username) != key(username) {
		return user{}, newError(errUserNotFound, "User does not exist.")
	}
	changed := stored.clone()
	if err := change(&changed); err != nil {
		return user{}, err
	}
	// Every index holds this pointer: change it in place.
	*stored = changed
	return stored.clone(), nil
}

// all returns every user, oldest first.
func (st *userStore) all() []user {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]user, len(st.ordered))
	for i, u := range st.ordered {
		out[i] = u.clone()
	}
	return out
}

func (u *user) clone() user {
	c := *u
	c.attributes = make(map[string]string, len(u.attributes))
	for k, v := range u.attributes {
		c.attributes[k] = v
	}
	return c
}

// attributeType is Cognito's AttributeType.
type attributeType struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// wireAttributes lists u's attributes as Cognito does, sub first; only the
// names in want when want is not empty.
func (u user) wireAttributes(want []string) []attributeType {
	names := make([]string, 0, len(u.attributes))
	for name := range u.attributes {
		if len(want) == 0 || slices.Contains(want, name) {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == attrSub:
			return -1
		case b == attrSub:
			return 1
		case a < b:
			return -1
		default:
			return 1
		}
	})
	out := make([]attributeType, len(names))
	for i, name := range names {
		out[i] = attributeType{Name: name, Value: u.attributes[name]}
	}
	return out
}
