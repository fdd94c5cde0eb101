package localpool

import (
	"sync"
	"time"
)

// Cognito's own limit on wrong passwords, which it applies before any
// trigger sees the answer: after passwordFailuresAllowed failures in a
// row, each further attempt is refused for a time that doubles from a
// second, up to passwordLockoutMax.
const (
	passwordFailuresAllowed = 5
	passwordLockoutMax      = 15 * time.Minute
)

// errPasswordAttempts is Cognito's answer to a password attempt while the
// name is locked out.
var errPasswordAttempts = newError(errNotAuthorized, "Password attempts exceeded")

// passwordLockout counts wrong passwords per USER_ID_FOR_SRP: a real
// user's username or an unknown name's decoy, counted alike so that a
// lockout tells nobody whether the user exists.
type passwordLockout struct {
	now func() time.Time

	mu       sync.Mutex
	failures map[string]int
	until    map[string]time.Time
}

func newPasswordLockout(now func() time.Time) *passwordLockout {
	return &passwordLockout{now: now, failures: map[string]int{}, until: map[string]time.Time{}}
}

// locked reports whether name may not try a password now.
func (l *passwordLockout) locked(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.now().Before(l.until[name])
}

// record counts an attempt: a right password clears the count, a wrong
// one past the allowance locks the name for twice as long as the last.
func (l *passwordLockout) record(name string, right bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if right {
		delete(l.failures, name)
		delete(l.until, name)
		return
	}
	l.failures[name]++
	if over := l.failures[name] - passwordFailuresAllowed; over >= 0 {
		wait := min(time.Second<<min(over, 20), passwordLockoutMax)
		l.until[name] = l.now().Add(wait)
	}
}
