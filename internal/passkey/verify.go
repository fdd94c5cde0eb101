package passkey

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
)

// MaxResponseSize bounds the JSON a client may answer with, in bytes: a
// passkey's answer takes one or two kilobytes, an attestation with a
// certificate chain a few more.
const MaxResponseSize = 16 << 10

// Errors of VerifyAssertion and VerifyRegistration. Each names the check
// that refused the answer, and its text holds nothing secret (no key, no
// challenge), so it can be logged; the client should be told only that
// the answer was wrong.
var (
	// ErrMalformed reports an answer that is not a WebAuthn answer (bad
	// JSON, base64, CBOR or authenticator data), or is larger than
	// MaxResponseSize.
	ErrMalformed = errors.New("passkey: malformed answer")
	// ErrExpired reports an answer given after its challenge expired.
	ErrExpired = errors.New("passkey: challenge expired")
	// ErrChallenge reports an answer that signs another challenge, or a
	// challenge that this package did not make.
	ErrChallenge = errors.New("passkey: answer is for another challenge")
	// ErrOrigin reports an answer from a page whose origin is not one of
	// Options.Origins.
	ErrOrigin = errors.New("passkey: origin not allowed")
	// ErrRelyingParty reports authenticator data for another relying party id.
	ErrRelyingParty = errors.New("passkey: answer is for another relying party")
	// ErrUserVerification reports an authenticator that did not verify
	// the user where Options require it.
	ErrUserVerification = errors.New("passkey: user not verified")
	// ErrUnknownCredential reports an answer from a passkey that is not
	// one of the user's.
	ErrUnknownCredential = errors.New("passkey: credential not allowed")
	// ErrVerification reports any other check of go-webauthn that failed,
	// the signature and the attestation among them.
	ErrVerification = errors.New("passkey: answer does not verify")
	// ErrPossibleClone reports a good signature whose counter did not move
	// past the stored one: the passkey was copied and the copy used, or
	// this answer was seen before. The caller logs it apart from ordinary
	// failures.
	ErrPossibleClone = errors.New("passkey: signature counter did not increase; the authenticator may be cloned")
	// ErrAAGUIDNotAllowed reports a new passkey from an authenticator
	// model that is not one of Options.AllowedAAGUIDs.
	ErrAAGUIDNotAllowed = errors.New("passkey: authenticator model not allowed")
)

// parse refuses an oversized answer before reading it, then parses it
// with go-webauthn's parser for the ceremony.
func parse[T any](answer []byte, parser func([]byte) (*T, error)) (*T, error) {
	if len(answer) > MaxResponseSize {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(answer), MaxResponseSize)
	}
	parsed, err := parser(answer)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	return parsed, nil
}

// describe gives go-webauthn's short description of a failure and its
// cause (a JSON, base64 or CBOR error), quoted and cut; never go-webauthn's
// debugging information, which quotes the values it compared.
func describe(err error) string {
	text := err.Error()
	if pe := (*protocol.Error)(nil); errors.As(err, &pe) && pe.Err != nil && !strings.Contains(text, pe.Err.Error()) {
		text += ": " + pe.Err.Error()
	}
	return fmt.Sprintf("%.200q", text)
}

// checkBinding checks what ties an answer to this ceremony of this relying
// party. go-webauthn checks the same again together with the signature;
// checking first gives each failure its own error for the logs, and
// compares the origin exactly, where go-webauthn would ignore letter case,
// a default port or a path.
func (o Options) checkBinding(c Challenge, client protocol.CollectedClientData, auth protocol.AuthenticatorData) error {
	if subtle.ConstantTimeCompare([]byte(client.Challenge), []byte(c.encoded())) != 1 {
		return ErrChallenge
	}
	if !slices.Contains(o.Origins, client.Origin) {
		return fmt.Errorf("%w: %.100q", ErrOrigin, client.Origin)
	}
	if rpIDHash := sha256.Sum256([]byte(o.RPID)); !bytes.Equal(auth.RPIDHash, rpIDHash[:]) {
		return ErrRelyingParty
	}
	if o.uvRequired() && !auth.Flags.HasUserVerified() {
		return ErrUserVerification
	}
	return nil
}

// refused wraps a failure of go-webauthn's verification.
func refused(err error) error {
	return fmt.Errorf("%w: %s", ErrVerification, describe(err))
}
