package localpool

import (
	"sync"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"

	"github.com/aws/aws-lambda-go/events"
)

// DefaultSessionValidity is how long a sign-in session lasts when
// Options.SessionValidity is zero: Cognito's default AuthSessionValidity.
const DefaultSessionValidity = 3 * time.Minute

// sessionBytes is the randomness of a session token.
const sessionBytes = 48

// authSession is the server side of one step of a custom sign-in: what
// Cognito keeps between InitiateAuth and RespondToAuthChallenge behind the
// opaque Session string.
type authSession struct {
	// user is the user signing in; for an unknown one it holds only the
	// name tried.
	user user
	// userNotFound marks a name no user has (PreventUserExistenceErrors).
	userNotFound bool
	// eventUserName is the events' userName: the username, or for an
	// unknown user the name its USERNAME stands for (decoyIdentity), the
	// same whichever of the two the sign-in started with.
	eventUserName string
	// names are the USERNAME values a response may carry, in any case: the
	// one the challenge names first, then a real user's aliases, or the
	// name an unknown user's USERNAME stands for.
	names []string
	// rounds is the history sent to define and create.
	rounds []*events.CognitoEventUserPoolsChallengeResult
	// private and metadata are from the last create, for verify and for
	// the next round of history.
	private  map[string]string
	metadata string
	// challenge is the challenge this session presents: the one
	// RespondToAuthChallenge must name.
	challenge string
	// password is the SRP exchange of a sign-in started with SRP_A, and
	// secretBlock the SECRET_BLOCK it issued.
	password    *srp.Server
	secretBlock string
	// softwareTokenFailures counts the wrong codes given to this
	// sign-in's SOFTWARE_TOKEN_MFA challenge.
	softwareTokenFailures int
	// setupSecret is the secret AssociateSoftwareToken gave this
	// sign-in's MFA_SETUP challenge, until VerifySoftwareToken proves the
	// app has it; setupVerified is set once it has, which lets the
	// session answer MFA_SETUP.
	setupSecret   string
	setupVerified bool

	expires time.Time
	used    bool
}

// errInvalidSession is Cognito's answer to a session it does not know, or
// one for another user or step.
var errInvalidSession = newError(errNotAuthorized, "Invalid session for the user.")

// sessionStore keeps sessions by token. Each is good for one
// RespondToAuthChallenge until it expires; a used one is remembered until
// then so that reuse gets its own error, as with Cognito.
type sessionStore struct {
	validity time.Duration
	now      func() time.Time

	mu       sync.Mutex
	sessions map[string]*authSession

	// decoys are the USERNAMEs made up for unknown names.
	decoys decoyNames
}

// maxDecoyNames bounds the USERNAMEs decoyNames remembers: past it the
// oldest is forgotten, so that names tried by the million do not grow the
// memory for ever. A forgotten one is from then on a UUID no user has.
const maxDecoyNames = 1 << 16

// decoyNames remembers, for each USERNAME derived for an unknown name, the
// name (lower case) it was derived from, so that a sign-in started with
// that USERNAME is the same decoy as one started with the name: a real
// user's USERNAME, its username, names the same user as its alias does.
type decoyNames struct {
	mu    sync.Mutex
	names map[string]string // USERNAME → name
	order []string          // the USERNAMEs, a ring whose oldest is at next
	next  int
}

// remember records that username stands for name.
func (d *decoyNames) remember(username, name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names == nil {
		d.names = map[string]string{}
	}
	if _, known := d.names[username]; known {
		return
	}
	if len(d.order) < maxDecoyNames {
		d.order = append(d.order, username)
	} else {
		delete(d.names, d.order[d.next])
		d.order[d.next] = username
		d.next = (d.next + 1) % maxDecoyNames
	}
	d.names[username] = name
}

// nameOf returns the name username was derived from, if it was.
func (d *decoyNames) nameOf(username string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	name, ok := d.names[username]
	return name, ok
}

func newSessionStore(validity time.Duration) *sessionStore {
	return &sessionStore{validity: validity, now: time.Now, sessions: map[string]*authSession{}}
}

// put stores s under a new token and returns the token.
func (st *sessionStore) put(s *authSession) string {
	token := randomToken(sessionBytes)
	now := st.now()
	s.expires, s.used = now.Add(st.validity), false
	st.mu.Lock()
	defer st.mu.Unlock()
	// Forget what can no longer be used, so the map does not grow for ever.
	for k, old := range st.sessions {
		if now.After(old.expires) {
			delete(st.sessions, k)
		}
	}
	st.sessions[token] = s
	return token
}

// take returns the session for token and marks it used, or Cognito's
// NotAuthorizedException for an unknown, expired or used one.
func (st *sessionStore) take(token string) (*authSession, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[token]
	switch {
	case !ok:
		return nil, errInvalidSession
	case !st.now().Before(s.expires):
		delete(st.sessions, token)
		return nil, newError(errNotAuthorized, "Invalid session for the user, session is expired.")
	case s.used:
		return nil, newError(errNotAuthorized, "Invalid session for the user, session can only be used once.")
	}
	s.used = true
	// The caller gets its own copy to extend: the stored one stays as used.
	next := *s
	return &next, nil
}

// takeFor is take for AssociateSoftwareToken and VerifySoftwareToken: it
// takes only a session that presents challenge, and answers any other
// session, whatever is wrong with it, with Cognito's plain "Invalid
// session for the user.", leaving it as it was.
func (st *sessionStore) takeFor(token, challenge string) (*authSession, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[token]
	if !ok || s.used || !st.now().Before(s.expires) || s.challenge != challenge {
		return nil, errInvalidSession
	}
	s.used = true
	next := *s
	return &next, nil
}

// keep stores s again under the token it was taken with, unused and with
// its expiry unchanged, so that a challenge answered wrong can be answered
// again (a wrong SOFTWARE_TOKEN_MFA code). A token no longer stored stays
// gone.
func (st *sessionStore) keep(token string, s *authSession) {
	st.mu.Lock()
	defer st.mu.Unlock()
	old, ok := st.sessions[token]
	if !ok {
		return
	}
	s.expires, s.used = old.expires, false
	st.sessions[token] = s
}

// attributes is the userAttributes of the session's events: none for an
// unknown user.
func (s *authSession) attributes() map[string]string {
	if s.userNotFound {
		return map[string]string{}
	}
	return s.user.triggerAttributes()
}
