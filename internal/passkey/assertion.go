package passkey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
)

// ErrNoCredentials reports a sign-in for a user without passkeys:
// NewAssertion never makes options that any passkey may answer. Such a
// user gets NewDecoyAssertion's options, as an unknown one does.
var ErrNoCredentials = errors.New("passkey: the user has no passkey")

// NewAssertion starts a sign-in with one of credentials, the user's
// passkeys: a fresh Challenge, read from random (crypto/rand.Reader if
// nil), and the PublicKeyCredentialRequestOptions for it in JSON (the
// publicKey member of navigator.credentials.get's argument, in the form
// PublicKeyCredential.parseRequestOptionsFromJSON takes): challenge,
// rpId, allowCredentials (the ids and transports of credentials),
// userVerification and timeout.
func NewAssertion(opts Options, credentials []Credential, random io.Reader, now time.Time) (Challenge, []byte, error) {
	if len(credentials) == 0 {
		return Challenge{}, nil, ErrNoCredentials
	}
	return newAssertion(opts, descriptors(credentials), random, now)
}

// newAssertion makes the options of NewAssertion and NewDecoyAssertion
// alike, so that nothing but the credentials listed tells them apart.
func newAssertion(opts Options, allowed []protocol.CredentialDescriptor, random io.Reader, now time.Time) (Challenge, []byte, error) {
	o, err := opts.resolve()
	if err != nil {
		return Challenge{}, nil, err
	}
	challenge, err := newChallenge(random, now, o.Timeout)
	if err != nil {
		return Challenge{}, nil, err
	}
	options, err := json.Marshal(protocol.PublicKeyCredentialRequestOptions{
		Challenge:          challenge.Value,
		Timeout:            int(o.Timeout.Milliseconds()),
		RelyingPartyID:     o.RPID,
		AllowedCredentials: allowed,
		UserVerification:   protocol.UserVerificationRequirement(o.UserVerification),
	})
	if err != nil {
		return Challenge{}, nil, fmt.Errorf("passkey: encoding request options: %w", err)
	}
	return challenge, options, nil
}

// VerifyAssertion checks assertionJSON, the client's answer to the
// options of challenge (the PublicKeyCredential that
// navigator.credentials.get returned, in its toJSON form), made at now,
// against credentials, the same user's passkeys. It refuses, with the
// errors of this package, an answer that is late, malformed, from a
// passkey not among credentials, for another challenge, origin or relying
// party, without user presence, without user verification when Options
// require it, or whose signature does not verify with the stored public
// key (all checked by go-webauthn), and, with ErrPossibleClone, one whose
// signature counter does not exceed the stored one while either is
// non-zero.
//
// It returns the credential that signed, with its new counter, backup
// state and LastUsedAt: the caller stores it before the sign-in succeeds.
// It cannot know whether challenge was answered before: keeping each
// challenge for one answer is the caller's job (see the package
// documentation). The userHandle of the answer is ignored: it is not
// signed, and credentials already say whose passkeys may answer.
func VerifyAssertion(opts Options, challenge Challenge, credentials []Credential, assertionJSON []byte, now time.Time) (Credential, error) {
	o, err := opts.resolve()
	if err != nil {
		return Credential{}, err
	}
	if err := checkChallenge(challenge, now); err != nil {
		return Credential{}, err
	}
	answer, err := parse(assertionJSON, protocol.ParseCredentialRequestResponseBytes)
	if err != nil {
		return Credential{}, err
	}
	i := slices.IndexFunc(credentials, func(c Credential) bool { return bytes.Equal(c.ID, answer.RawID) })
	if i < 0 {
		return Credential{}, ErrUnknownCredential
	}
	credential := credentials[i]
	auth := answer.Response.AuthenticatorData
	if err := o.checkBinding(challenge, answer.Response.CollectedClientData, auth); err != nil {
		return Credential{}, err
	}
	// The client data's type, challenge, origin and cross-origin flag; the
	// RP ID hash, user presence and verification; the signature over the
	// authenticator data and the client data's hash with the stored key.
	// No AppID (U2F) extension, no top origins, no cross-origin iframes.
	if err := answer.Verify(challenge.encoded(), o.RPID, "", o.Origins, nil, nil, protocol.TopOriginExplicitVerificationMode,
		false, o.uvRequired(), true, credential.PublicKey, protocol.SignaturePolicy{}); err != nil {
		return Credential{}, refused(err)
	}
	// Whether a passkey can be synced is fixed when it is made; a change
	// means another authenticator answers, as go-webauthn's own login checks.
	if auth.Flags.HasBackupEligible() != credential.BackupEligible {
		return Credential{}, fmt.Errorf("%w: backup eligibility changed", ErrVerification)
	}
	if auth.Flags.HasBackupState() && !auth.Flags.HasBackupEligible() {
		return Credential{}, fmt.Errorf("%w: backed up but not backup eligible", ErrVerification)
	}
	// Checked after the signature, so that no forged answer can raise it.
	if (auth.Counter != 0 || credential.SignCount != 0) && auth.Counter <= credential.SignCount {
		return Credential{}, fmt.Errorf("%w (stored %d, answered %d)", ErrPossibleClone, credential.SignCount, auth.Counter)
	}
	credential.SignCount = auth.Counter
	credential.BackupState = auth.Flags.HasBackupState()
	credential.LastUsedAt = now
	return credential, nil
}
