package localpool

import "github.com/cognito-passwordless/passwordless-go/internal/srp"

type changePasswordInput struct {
	AccessToken      string
	PreviousPassword string
	ProposedPassword string
}

// changePassword is ChangePassword: the signed-in user replaces their
// password, proving the previous one. A wrong previous password counts
// toward Cognito's password lockout, as a wrong sign-in does.
func (s *Server) changePassword(c call, in *changePasswordInput) (any, error) {
	if in.ProposedPassword == "" {
		return nil, missingMember("proposedPassword")
	}
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	if s.passwordLockout.locked(u.username) {
		return nil, newError(errLimitExceeded, "Attempt limit exceeded, please try after some time.")
	}
	pool := srp.PoolName(s.userPoolID)
	right := u.password != nil && u.password.Matches(pool, u.username, in.PreviousPassword)
	s.passwordLockout.record(u.username, right)
	if !right {
		return nil, errIncorrect
	}
	if err := checkPassword(in.ProposedPassword); err != nil {
		return nil, err
	}
	v, err := srp.NewVerifier(pool, u.username, in.ProposedPassword, nil)
	if err != nil {
		return nil, err
	}
	_, err = s.users.update(u.username, func(u *user) error {
		u.password = &v
		return nil
	})
	return struct{}{}, err
}
