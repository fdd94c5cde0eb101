package passkey

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/google/uuid"
)

// credentialParameters are the algorithms a new passkey may use: ES256,
// which every passkey provider offers, and RS256, for Windows Hello on
// older systems. The order is the order of preference.
var credentialParameters = []protocol.CredentialParameter{
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgES256},
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgRS256},
}

// User is the account a new passkey is for, as the authenticator keeps it.
type User struct {
	// Handle is an opaque, stable id of the account, 1 to 64 bytes, such
	// as its Cognito sub: authenticators store it and hand it back, so it
	// must say nothing about the person.
	Handle []byte
	// Name is the account name the authenticator shows when the user
	// picks a passkey, such as the address the user signs in with.
	Name string
	// DisplayName is a friendlier name to show. Default Name.
	DisplayName string
}

// checkHandle refuses a user handle that browsers refuse.
func checkHandle(handle []byte) error {
	if n := len(handle); n < protocol.MinimumUserHandleLength || n > protocol.MaximumUserHandleLength {
		return fmt.Errorf("passkey: user handle has %d bytes, not %d to %d", n,
			protocol.MinimumUserHandleLength, protocol.MaximumUserHandleLength)
	}
	return nil
}

// NewRegistration starts adding a passkey to the account of user, who
// already has the passkeys existing: a fresh Challenge, read from random
// (crypto/rand.Reader if nil), and the PublicKeyCredentialCreationOptions
// for it in JSON (the publicKey member of navigator.credentials.create's
// argument, in the form PublicKeyCredential.parseCreationOptionsFromJSON
// takes): challenge, rp, user, pubKeyCredParams (ES256 and RS256),
// excludeCredentials (existing, so that an authenticator holding one of
// them is not registered twice), authenticatorSelection (a discoverable
// passkey preferred, user verification per Options), attestation "none"
// and timeout.
func NewRegistration(opts Options, user User, existing []Credential, random io.Reader, now time.Time) (Challenge, []byte, error) {
	o, err := opts.resolve()
	if err != nil {
		return Challenge{}, nil, err
	}
	if err := checkHandle(user.Handle); err != nil {
		return Challenge{}, nil, err
	}
	if user.Name == "" {
		return Challenge{}, nil, fmt.Errorf("passkey: the user has no name to show")
	}
	if user.DisplayName == "" {
		user.DisplayName = user.Name
	}
	challenge, err := newChallenge(random, now, o.Timeout)
	if err != nil {
		return Challenge{}, nil, err
	}
	options, err := json.Marshal(protocol.PublicKeyCredentialCreationOptions{
		RelyingParty: protocol.RelyingPartyEntity{CredentialEntity: protocol.CredentialEntity{Name: o.RPName}, ID: o.RPID},
		User: protocol.UserEntity{CredentialEntity: protocol.CredentialEntity{Name: user.Name},
			DisplayName: user.DisplayName, ID: protocol.URLEncodedBase64(user.Handle)},
		Challenge:             challenge.Value,
		Parameters:            credentialParameters,
		Timeout:               int(o.Timeout.Milliseconds()),
		CredentialExcludeList: descriptors(existing),
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.UserVerificationRequirement(o.UserVerification),
		},
		Attestation: protocol.PreferNoAttestation,
	})
	if err != nil {
		return Challenge{}, nil, fmt.Errorf("passkey: encoding creation options: %w", err)
	}
	return challenge, options, nil
}

// VerifyRegistration checks responseJSON, the client's answer to the
// options NewRegistration made with challenge for the user of userHandle
// (the PublicKeyCredential that navigator.credentials.create returned, in
// its toJSON form), made at now, and returns the new passkey to store,
// created at now. It refuses an answer that is late, malformed, for
// another challenge, origin or relying party, without user presence,
// without user verification when Options require it, with an algorithm
// other than ES256 or RS256, with an attestation that does not verify (go-
// webauthn's registration ceremony; format "none" is accepted), or, with
// ErrAAGUIDNotAllowed, from a model Options do not allow.
//
// The caller binds challenge to the signed-in user it made it for, and
// refuses a credential id this user already has (see the package doc on
// ids of other users).
func VerifyRegistration(opts Options, challenge Challenge, userHandle []byte, responseJSON []byte, now time.Time) (Credential, error) {
	o, err := opts.resolve()
	if err != nil {
		return Credential{}, err
	}
	if err := checkHandle(userHandle); err != nil {
		return Credential{}, err
	}
	if err := checkChallenge(challenge, now); err != nil {
		return Credential{}, err
	}
	answer, err := parse(responseJSON, protocol.ParseCredentialCreationResponseBytes)
	if err != nil {
		return Credential{}, err
	}
	if err := o.checkBinding(challenge, answer.Response.CollectedClientData, answer.Response.AttestationObject.AuthData); err != nil {
		return Credential{}, err
	}
	relyingParty, err := webauthn.New(&webauthn.Config{
		RPID: o.RPID, RPDisplayName: o.RPName, RPOrigins: o.Origins,
		// We read no extension output, so one the client adds unasked
		// changes nothing; some clients do.
		ExtensionsUnsolicitedOutputPolicy: protocol.UnsolicitedOutputPolicyIgnore,
	})
	if err != nil {
		return Credential{}, fmt.Errorf("passkey: %w", err)
	}
	// The client data, the authenticator data, the algorithm, the
	// attestation statement and the backup flags: go-webauthn's whole
	// registration ceremony, with no time limit of its own (ours is checked).
	created, err := relyingParty.CreateCredential(registrant(userHandle), webauthn.SessionData{
		Challenge:        challenge.encoded(),
		RelyingPartyID:   o.RPID,
		UserID:           userHandle,
		UserVerification: protocol.UserVerificationRequirement(o.UserVerification),
		CredParams:       credentialParameters,
	}, answer)
	if err != nil {
		return Credential{}, refused(err)
	}
	aaguid, err := uuid.FromBytes(created.Authenticator.AAGUID)
	if err != nil {
		return Credential{}, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	if !o.allowsAAGUID(aaguid) {
		return Credential{}, fmt.Errorf("%w: %s", ErrAAGUIDNotAllowed, aaguid)
	}
	return Credential{
		ID:             created.ID,
		PublicKey:      created.PublicKey,
		SignCount:      created.Authenticator.SignCount,
		Transports:     knownTransports(created.Transport),
		AAGUID:         aaguid,
		BackupEligible: created.Flags.BackupEligible,
		BackupState:    created.Flags.BackupState,
		CreatedAt:      now,
	}, nil
}

// registrant is the user of a registration as go-webauthn sees it: only
// the handle, which must match the session's.
type registrant []byte

func (r registrant) WebAuthnID() []byte                       { return r }
func (registrant) WebAuthnName() string                       { return "" }
func (registrant) WebAuthnDisplayName() string                { return "" }
func (registrant) WebAuthnCredentials() []webauthn.Credential { return nil }
