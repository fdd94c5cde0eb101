package localpool

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// maxListUsers is ListUsers' largest and default Limit.
const maxListUsers = 60

// epochTime marshals as the JSON 1.1 protocol's timestamps: seconds since
// the epoch, with a fraction.
type epochTime time.Time

func (t epochTime) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(t).UnixMilli())/1000, 'f', 3, 64), nil
}

// userType is Cognito's UserType (ListUsers) and, with UserAttributes in
// place of Attributes, AdminGetUser's answer.
type userType struct {
	Username             string          `json:"Username"`
	Attributes           []attributeType `json:"Attributes,omitempty"`
	UserAttributes       []attributeType `json:"UserAttributes,omitempty"`
	UserCreateDate       epochTime       `json:"UserCreateDate"`
	UserLastModifiedDate epochTime       `json:"UserLastModifiedDate"`
	Enabled              bool            `json:"Enabled"`
	UserStatus           string          `json:"UserStatus"`
}

func describe(u user) userType {
	return userType{Username: u.username, UserCreateDate: epochTime(u.created), UserLastModifiedDate: epochTime(u.modified),
		Enabled: u.enabled, UserStatus: u.status}
}

type getUserInput struct{ AccessToken string }

type getUserOutput struct {
	Username       string          `json:"Username"`
	UserAttributes []attributeType `json:"UserAttributes"`
	userMFA
}

// userMFA are GetUser's and AdminGetUser's MFA members: the methods the
// user has turned on, and the preferred one; absent when none.
type userMFA struct {
	UserMFASettingList  []string `json:"UserMFASettingList,omitempty"`
	PreferredMfaSetting string   `json:"PreferredMfaSetting,omitempty"`
}

func userMFAOf(u user) userMFA {
	if !u.softwareToken.active() {
		return userMFA{}
	}
	m := userMFA{UserMFASettingList: []string{softwareTokenMFAChallenge}}
	if u.softwareToken.preferred {
		m.PreferredMfaSetting = softwareTokenMFAChallenge
	}
	return m
}

// tokenUser is the user an access token was issued to, for the
// operations a signed-in user calls with it.
func (s *Server) tokenUser(accessToken string) (user, error) {
	if accessToken == "" {
		return user{}, missingMember("accessToken")
	}
	username, err := s.tokens.accessTokenUser(accessToken)
	if err != nil {
		return user{}, err
	}
	u, ok := s.users.lookup(username)
	if !ok {
		return user{}, newError(errUserNotFound, "User does not exist.")
	}
	return u, nil
}

// getUser is GetUser: the user an access token was issued to.
func (s *Server) getUser(c call, in *getUserInput) (any, error) {
	u, err := s.tokenUser(in.AccessToken)
	if err != nil {
		return nil, err
	}
	return getUserOutput{Username: u.username, UserAttributes: u.wireAttributes(nil), userMFA: userMFAOf(u)}, nil
}

// adminUserInput is what AdminGetUser and AdminUserGlobalSignOut name a
// user by.
type adminUserInput struct {
	UserPoolId string
	Username   string
}

// adminUser finds the user an admin operation names, by username or alias
// (phone number or email address). Like any admin operation it is for the pool's owner; local mode
// does not check the caller's signature.
func (s *Server) adminUser(in *adminUserInput) (user, error) {
	if in.Username == "" {
		return user{}, missingMember("username")
	}
	if err := s.checkPool(in.UserPoolId); err != nil {
		return user{}, err
	}
	u, ok := s.users.lookup(in.Username)
	if !ok {
		return user{}, newError(errUserNotFound, "User does not exist.")
	}
	return u, nil
}

// adminGetUser is AdminGetUser.
func (s *Server) adminGetUser(c call, in *adminUserInput) (any, error) {
	u, err := s.adminUser(in)
	if err != nil {
		return nil, err
	}
	out := describe(u)
	out.UserAttributes = u.wireAttributes(nil)
	return struct {
		userType
		userMFA
	}{out, userMFAOf(u)}, nil
}

type listUsersInput struct {
	UserPoolId      string
	AttributesToGet []string
	Filter          string
	Limit           int
	PaginationToken string
}

type listUsersOutput struct {
	Users           []userType `json:"Users"`
	PaginationToken string     `json:"PaginationToken,omitempty"`
}

// listUsers is ListUsers with Cognito's Filter syntax, oldest user first.
func (s *Server) listUsers(c call, in *listUsersInput) (any, error) {
	if err := s.checkPool(in.UserPoolId); err != nil {
		return nil, err
	}
	limit := in.Limit
	switch {
	case limit == 0:
		limit = maxListUsers
	case limit < 0 || limit > maxListUsers:
		return nil, newError(errInvalidParameter,
			"1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", in.Limit, maxListUsers)
	}
	filter, err := parseFilter(in.Filter)
	if err != nil {
		return nil, err
	}
	start, err := parsePaginationToken(in.PaginationToken)
	if err != nil {
		return nil, err
	}
	var matched []user
	for _, u := range s.users.all() {
		if filter.match(u) {
			matched = append(matched, u)
		}
	}
	out := listUsersOutput{Users: []userType{}}
	for i := start; i < len(matched) && len(out.Users) < limit; i++ {
		ut := describe(matched[i])
		ut.Attributes = matched[i].wireAttributes(in.AttributesToGet)
		out.Users = append(out.Users, ut)
		if i+1 < len(matched) && len(out.Users) == limit {
			out.PaginationToken = paginationToken(i + 1)
		}
	}
	return out, nil
}

// A pagination token is the position of the next user, encoded so that
// clients treat it as opaque, as they must with Cognito's.
func paginationToken(next int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("next:" + strconv.Itoa(next)))
}

func parsePaginationToken(token string) (int, error) {
	if token == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	rest, ok := strings.CutPrefix(string(raw), "next:")
	n, errN := strconv.Atoi(rest)
	if err != nil || !ok || errN != nil || n < 0 {
		return 0, newError(errInvalidParameter, "Invalid pagination token.")
	}
	return n, nil
}
