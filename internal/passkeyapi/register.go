package passkeyapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// startRequest is the body of RouteStartRegistration, which may be empty.
type startRequest struct {
	// UserName is what the authenticator shows of the account; default
	// the username claim.
	UserName *string `json:"userName"`
}

// startResponse is the answer of RouteStartRegistration.
type startResponse struct {
	// Options are the publicKey member of navigator.credentials.create's
	// argument, as PublicKeyCredential.parseCreationOptionsFromJSON takes it.
	Options json.RawMessage `json:"options"`
}

// finishRequest is the body of RouteFinishRegistration.
type finishRequest struct {
	// Credential is the PublicKeyCredential's toJSON().
	Credential json.RawMessage `json:"credential"`
	// Name labels the passkey; default DefaultName.
	Name *string `json:"name"`
}

// staleSignIn refuses a registration by a user who signed in too long ago.
func staleSignIn() result {
	return refuse(http.StatusForbidden, codeStaleSignIn,
		"Adding a passkey needs a recent sign-in: sign out, sign in again, and add it right away.", "stale sign-in")
}

// tooMany refuses a registration by a user with MaxPerUser passkeys.
func tooMany() result {
	return refuse(http.StatusConflict, codeTooMany,
		"You have as many passkeys as allowed: delete one before adding another.", "too many passkeys")
}

// startRegistration makes a challenge for a new passkey of c, keeps it
// as c's registration under way (replacing any other), and answers the
// creation options.
func (h Handler) startRegistration(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest, now time.Time) result {
	if !h.fresh(c, now) {
		return staleSignIn()
	}
	var body startRequest
	if r := decodeBody(req, &body, true); r != nil {
		return *r
	}
	userName, ok := "", false
	if body.UserName != nil {
		if userName, ok = checkName(*body.UserName); !ok {
			return *badName("userName", "bad user name")
		}
	} else if userName, ok = checkName(c.username); !ok {
		return *badRequest("Give a userName: the account's own cannot be shown.", "username claim unfit to show")
	}
	if r := h.confirm(ctx, c, req); r != nil {
		return *r
	}
	existing, err := h.Store.Credentials(ctx, c.sub)
	if err != nil {
		return unavailable(err, "reading passkeys")
	}
	if len(existing) >= h.MaxPerUser {
		return tooMany()
	}
	user := passkey.User{Handle: []byte(c.sub), Name: userName}
	challenge, options, err := passkey.NewRegistration(h.Options, user, existing, h.Random, now)
	if err != nil {
		return unavailable(err, "making the challenge")
	}
	if err := h.Store.StartRegistration(ctx, c.sub, challenge); err != nil {
		return unavailable(err, "keeping the challenge")
	}
	return answer(http.StatusOK, startResponse{Options: options}, "registration started", "passkeys", len(existing))
}

// finishRegistration checks the answer to c's registration under way,
// which it uses up, and stores the new passkey.
func (h Handler) finishRegistration(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest, now time.Time) result {
	if !h.fresh(c, now) {
		return staleSignIn()
	}
	var body finishRequest
	if r := decodeBody(req, &body, false); r != nil {
		return *r
	}
	if len(body.Credential) == 0 || body.Credential[0] != '{' {
		return *badRequest("credential must be the JSON object of the PublicKeyCredential's toJSON().", "no credential object")
	}
	name := DefaultName
	if body.Name != nil {
		var ok bool
		if name, ok = checkName(*body.Name); !ok {
			return *badName("name", "bad name")
		}
	}
	// Confirmed before the registration is taken, so that a refused
	// token leaves it to the owner's answer.
	if r := h.confirm(ctx, c, req); r != nil {
		return *r
	}
	// Taken before it is checked, so that each challenge gets one answer,
	// right or wrong.
	challenge, err := h.Store.TakeRegistration(ctx, c.sub)
	switch {
	case errors.Is(err, passkey.ErrNotFound):
		return noRegistration("no registration under way")
	case err != nil:
		return unavailable(err, "taking the registration")
	case !now.Before(challenge.ExpiresAt):
		return noRegistration("registration expired")
	}
	credential, err := passkey.VerifyRegistration(h.Options, challenge, []byte(c.sub), body.Credential, now)
	if err != nil {
		return registrationRefused(errorKind(err), "detail", err.Error())
	}
	if len(credential.ID) > MaxCredentialIDLength {
		return registrationRefused("id_too_long")
	}
	// Checked again: a second registration started before this one ended
	// could otherwise add one passkey too many.
	existing, err := h.Store.Credentials(ctx, c.sub)
	if err != nil {
		return unavailable(err, "reading passkeys")
	}
	if len(existing) >= h.MaxPerUser {
		return tooMany()
	}
	credential.Name = name
	id := base64.RawURLEncoding.EncodeToString(credential.ID)
	switch err := h.Store.AddCredential(ctx, c.sub, credential); {
	case errors.Is(err, passkey.ErrExists):
		return refuse(http.StatusConflict, codeExists, "This passkey is registered already.", "passkey exists", "passkey", id)
	case err != nil:
		return unavailable(err, "storing the passkey")
	}
	return answer(http.StatusCreated, summarize(credential), "passkey registered", "passkey", id, "aaguid", credential.AAGUID.String())
}

// noRegistration refuses an answer with no registration to answer.
func noRegistration(reason string) result {
	return refuse(http.StatusBadRequest, codeNoRegistration,
		"No passkey registration is under way, or it took too long. Start again.", reason)
}

// registrationRefused refuses an answer to the registration under way,
// telling the client only that: kind, the check that failed, is for the log.
func registrationRefused(kind string, attrs ...any) result {
	return refuse(http.StatusBadRequest, codeRegistrationRefused,
		"The passkey could not be registered. Start again.", "answer refused", append([]any{"kind", kind}, attrs...)...)
}

// passkeyErrors name the errors of package passkey for the log.
var passkeyErrors = []struct {
	err  error
	kind string
}{
	{passkey.ErrMalformed, "malformed"},
	{passkey.ErrExpired, "expired"},
	{passkey.ErrChallenge, "challenge"},
	{passkey.ErrOrigin, "origin"},
	{passkey.ErrRelyingParty, "relying_party"},
	{passkey.ErrUserVerification, "user_verification"},
	{passkey.ErrAAGUIDNotAllowed, "aaguid_not_allowed"},
	{passkey.ErrVerification, "verification"},
}

// errorKind names the check that refused an answer.
func errorKind(err error) string {
	for _, e := range passkeyErrors {
		if errors.Is(err, e.err) {
			return e.kind
		}
	}
	return "other"
}
