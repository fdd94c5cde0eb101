package localpool

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// customChallenge is the challenge of define and create: the code.
const customChallenge = "CUSTOM_CHALLENGE"

// challengeResponses are the challenges a client may answer, each with the
// ChallengeResponses it needs besides USERNAME: the code, the password's
// proof, and what Cognito asks for itself: the authenticator app's code,
// and the setup of an app (whose proof is in the Session).
var challengeResponses = map[string][]string{
	customChallenge:           {"ANSWER"},
	passwordVerifierChallenge: passwordClaimParameters,
	softwareTokenMFAChallenge: {"SOFTWARE_TOKEN_MFA_CODE"},
	mfaSetupChallenge:         nil,
}

// authFlows is Cognito's AuthFlowType enum; the app client allows
// CUSTOM_AUTH and REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN) only.
var authFlows = []string{
	"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH",
	"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH",
}

// errIncorrect is how Cognito ends a sign-in that define fails, the same
// for a real and an unknown user.
var errIncorrect = newError(errNotAuthorized, "Incorrect username or password.")

type initiateAuthInput struct {
	AuthFlow       string
	ClientId       string
	AuthParameters map[string]string
	ClientMetadata map[string]string
}

type respondToAuthChallengeInput struct {
	ClientId           string
	ChallengeName      string
	Session            string
	ChallengeResponses map[string]string
	ClientMetadata     map[string]string
}

// authOutput is both InitiateAuth's and RespondToAuthChallenge's answer:
// a challenge with its session, or tokens (with empty ChallengeParameters,
// as Cognito sends them).
type authOutput struct {
	ChallengeName        string            `json:"ChallengeName,omitempty"`
	Session              string            `json:"Session,omitempty"`
	ChallengeParameters  map[string]string `json:"ChallengeParameters"`
	AuthenticationResult *authResult       `json:"AuthenticationResult,omitempty"`
}

func (s *Server) initiateAuth(c call, in *initiateAuthInput) (any, error) {
	switch {
	case in.AuthFlow == "":
		return nil, missingMember("authFlow")
	case in.ClientId == "":
		return nil, missingMember("clientId")
	case !slices.Contains(authFlows, in.AuthFlow):
		return nil, newError(errInvalidParameter,
			"1 validation error detected: Value '%s' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
			in.AuthFlow, strings.Join(authFlows, ", "))
	}
	if err := s.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	switch in.AuthFlow {
	case "CUSTOM_AUTH":
		return s.startCustomAuth(c, in.AuthParameters)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return s.refresh(in.AuthParameters["REFRESH_TOKEN"])
	case "ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH":
		return nil, newError(errInvalidParameter, "Initiate Auth method not supported.")
	default:
		return nil, newError(errInvalidParameter, "%s flow not enabled for this client", in.AuthFlow)
	}
}

// startCustomAuth begins a sign-in. An unknown name goes through the same
// triggers with userNotFound, and its challenge names a USERNAME that
// behaves as a real user's (decoyIdentity), so the answers look alike.
// A client that starts with SRP (CHALLENGE_NAME=SRP_A, as identity-js's
// authenticateUser and Amplify's CUSTOM_WITH_SRP do) gives define a first
// round SRP_A, answered true, exactly as Cognito does.
func (s *Server) startCustomAuth(c call, params map[string]string) (any, error) {
	name := params["USERNAME"]
	if name == "" {
		return nil, missingParameter("USERNAME")
	}
	sess := &authSession{eventUserName: name, rounds: []*events.CognitoEventUserPoolsChallengeResult{}}
	if u, found := s.users.lookup(name); found {
		if u.status != statusConfirmed {
			return nil, newError(errUserNotConfirmed, "User is not confirmed.")
		}
		sess.user, sess.eventUserName = u, u.username
		sess.names = append([]string{u.username}, u.aliases(s.users.usernameAttributes)...)
	} else {
		sess.userNotFound = true
		username, eventUserName := s.decoyIdentity(name)
		sess.eventUserName = eventUserName
		sess.names = []string{username, eventUserName}
	}
	if params["CHALLENGE_NAME"] == srpAChallenge {
		if err := s.startPasswordExchange(sess, params["SRP_A"]); err != nil {
			return nil, err
		}
	}
	// InitiateAuth gives define and create no ClientMetadata.
	return s.nextStep(c, sess, nil)
}

// decoyIdentity returns, for a name no user has, the USERNAME its
// challenge names and the userName its events carry. Like a real user's,
// they are the same for every spelling of the name (the pool matches names
// in lower case) and for the USERNAME itself typed as the name: a UUID
// derived from a name stands for that name (the triggers' decoy address,
// passkeys and lockout are then the name's), and any other UUID of the
// form local mode gives usernames stands for itself. Else the USERNAME is
// derived from the name under the decoy key, which nobody can tell from a
// random UUID such as a real user's username.
func (s *Server) decoyIdentity(name string) (username, eventUserName string) {
	k := key(name)
	if tried, derived := s.sessions.decoys.nameOf(k); derived {
		return k, tried
	}
	if isUsernameUUID(k) {
		return k, k
	}
	username = derivedUUID(s.decoyKey, k)
	s.sessions.decoys.remember(username, k)
	return username, k
}

func (s *Server) respondToAuthChallenge(c call, in *respondToAuthChallengeInput) (any, error) {
	switch {
	case in.ClientId == "":
		return nil, missingMember("clientId")
	case in.ChallengeName == "":
		return nil, missingMember("challengeName")
	}
	if err := s.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	name := in.ChallengeResponses["USERNAME"]
	required, presented := challengeResponses[in.ChallengeName]
	switch {
	case !presented:
		return nil, newError(errInvalidParameter, "Invalid challenge name %s: this pool presents %s, %s, %s and %s only.",
			in.ChallengeName, customChallenge, passwordVerifierChallenge, softwareTokenMFAChallenge, mfaSetupChallenge)
	case name == "":
		return nil, missingParameter("USERNAME")
	}
	for _, p := range required {
		if in.ChallengeResponses[p] == "" {
			return nil, missingParameter(p)
		}
	}
	if in.Session == "" {
		return nil, missingParameter("Session")
	}
	sess, err := s.sessions.take(in.Session)
	if err != nil {
		return nil, err
	}
	switch {
	case !slices.ContainsFunc(sess.names, func(n string) bool { return key(n) == key(name) }):
		return nil, errInvalidSession
	case in.ChallengeName != sess.challenge:
		return nil, newError(errInvalidParameter, "Invalid challenge name %s: the session's challenge is %s.", in.ChallengeName, sess.challenge)
	}
	round := &events.CognitoEventUserPoolsChallengeResult{ChallengeName: in.ChallengeName}
	switch in.ChallengeName {
	case passwordVerifierChallenge:
		if round.ChallengeResult, err = s.checkPasswordClaim(sess, in.ChallengeResponses); err != nil {
			return nil, err
		}
		if round.ChallengeResult {
			// A proven password of a user with an authenticator app, or
			// without one where MFA is required: Cognito asks for its
			// code, or for its setup, before define hears of it.
			u, _ := s.users.lookup(sess.user.username)
			var params map[string]string
			switch sess.challenge = s.mfaAfterPassword(u.softwareToken); sess.challenge {
			case softwareTokenMFAChallenge:
				params = softwareTokenChallenge(sess, u.softwareToken)
			case mfaSetupChallenge:
				params = mfaSetupParameters()
			}
			if params != nil {
				sess.rounds = append(slices.Clip(sess.rounds), round)
				return authOutput{ChallengeName: sess.challenge, Session: s.sessions.put(sess), ChallengeParameters: params}, nil
			}
		}
	case mfaSetupChallenge:
		if !sess.setupVerified {
			// Answered before VerifySoftwareToken took a code of the app
			// with this sign-in's Session. What Cognito answers then is
			// not documented and could not be confirmed; local mode
			// refuses the Session as Cognito refuses any Session it
			// will not take, and leaves it usable, for the setup to go on.
			s.sessions.keep(in.Session, sess)
			return nil, errInvalidSession
		}
		if err := s.enableSetUpSoftwareToken(sess.user.username); err != nil {
			return nil, err
		}
		round.ChallengeResult = true
	case softwareTokenMFAChallenge:
		err := s.useSoftwareToken(sess.user.username, in.ChallengeResponses["SOFTWARE_TOKEN_MFA_CODE"])
		switch {
		case err == nil:
			round.ChallengeResult = true
		case !errors.Is(err, codeMismatch) && !errors.Is(err, codeReused):
			return nil, err
		case sess.softwareTokenFailures+1 < maxSoftwareTokenFailures:
			// The session takes another code: Cognito too lets a user
			// try again, and locks out only after five wrong MFA codes.
			sess.softwareTokenFailures++
			s.sessions.keep(in.Session, sess)
			return nil, err
		default:
			// The last wrong code: define hears of it, and fails the sign-in.
		}
	default:
		verdict, err := s.triggers.verify(c, sess.eventUserName, events.CognitoEventUserPoolsVerifyAuthChallengeRequest{
			UserAttributes:             sess.attributes(),
			PrivateChallengeParameters: sess.private,
			ChallengeAnswer:            in.ChallengeResponses["ANSWER"],
			ClientMetadata:             in.ClientMetadata,
			UserNotFound:               sess.userNotFound,
		})
		if err != nil {
			return nil, err
		}
		round.ChallengeResult, round.ChallengeMetadata = verdict.AnswerCorrect, sess.metadata
	}
	sess.rounds = append(slices.Clip(sess.rounds), round)
	return s.nextStep(c, sess, in.ClientMetadata)
}

// nextStep asks define what follows the session's history and does it:
// fail, issue tokens, or create the next challenge under a new session.
func (s *Server) nextStep(c call, sess *authSession, clientMetadata map[string]string) (any, error) {
	decision, err := s.triggers.define(c, sess.eventUserName, events.CognitoEventUserPoolsDefineAuthChallengeRequest{
		UserAttributes: sess.attributes(),
		Session:        sess.rounds,
		ClientMetadata: clientMetadata,
		UserNotFound:   sess.userNotFound,
	})
	switch {
	case err != nil:
		return nil, err
	case decision.FailAuthentication, decision.IssueTokens && sess.userNotFound:
		return nil, errIncorrect
	case decision.IssueTokens:
		result, err := s.tokens.signIn(sess.user)
		if err != nil {
			return nil, err
		}
		return authOutput{ChallengeParameters: map[string]string{}, AuthenticationResult: &result}, nil
	case decision.ChallengeName == passwordVerifierChallenge && sess.awaitsPassword():
		sess.challenge = passwordVerifierChallenge
		params := sess.passwordChallenge()
		return authOutput{ChallengeName: passwordVerifierChallenge, Session: s.sessions.put(sess), ChallengeParameters: params}, nil
	case decision.ChallengeName != customChallenge:
		return nil, newError(errInvalidLambdaResponse, "Unrecognizable lambda output")
	}

	challenge, err := s.triggers.create(c, sess.eventUserName, events.CognitoEventUserPoolsCreateAuthChallengeRequest{
		UserAttributes: sess.attributes(),
		ChallengeName:  customChallenge,
		Session:        sess.rounds,
		ClientMetadata: clientMetadata,
		UserNotFound:   sess.userNotFound,
	})
	if err != nil {
		return nil, err
	}
	sess.private, sess.metadata = challenge.PrivateChallengeParameters, challenge.ChallengeMetadata
	params := map[string]string{}
	for k, v := range challenge.PublicChallengeParameters {
		params[k] = v
	}
	params["USERNAME"] = sess.names[0]
	sess.challenge = customChallenge
	return authOutput{ChallengeName: customChallenge, Session: s.sessions.put(sess), ChallengeParameters: params}, nil
}
