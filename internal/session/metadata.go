package session

import (
	"errors"
	"strings"
)

// Cause says why the create trigger made a round. Cognito gives define no
// memory but the session history, so create records the cause in each
// round's challenge metadata, and define reads there whether the round
// before it ended in a wrong answer or a resend request.
type Cause string

// The causes.
const (
	// CauseFirst is the first round: a new code, or a passkey challenge.
	// It also marks the code round that follows a right passkey answer
	// when the policy asks for a code after it.
	CauseFirst Cause = "first"
	// CauseRetry follows a wrong answer: the same code again, unsent, or
	// a new passkey challenge.
	CauseRetry Cause = "retry"
	// CauseResend follows a resend request: a new code, sent again, on
	// the same channel or another one, or a new passkey challenge.
	CauseResend Cause = "resend"
)

// Metadata is what create records as a round's challenge metadata: why
// the round was made, the channel its code went to (or ChannelPasskey),
// and the code's seal (a keyed hash and its expiry; never the code) or
// the passkey challenge. Cognito keeps it out of the client's sight.
type Metadata struct {
	Cause   Cause
	Channel Channel
	// Seal is opaque here: package otp makes and checks a code's seal,
	// package passkey a passkey challenge.
	Seal string
}

// ErrBadMetadata reports challenge metadata this flow did not write.
var ErrBadMetadata = errors.New("session: challenge metadata not written by this flow")

// String encodes m as "cause:channel:seal", as ParseMetadata reads it.
func (m Metadata) String() string {
	return string(m.Cause) + ":" + string(m.Channel) + ":" + m.Seal
}

// ParseMetadata decodes the output of Metadata.String: a known cause, a
// known channel (a code channel or ChannelPasskey) and a non-empty seal.
func ParseMetadata(s string) (Metadata, error) {
	cause, rest, ok1 := strings.Cut(s, ":")
	channel, seal, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || seal == "" {
		return Metadata{}, ErrBadMetadata
	}
	m := Metadata{Cause: Cause(cause), Channel: Channel(channel), Seal: seal}
	if m.Cause != CauseFirst && m.Cause != CauseRetry && m.Cause != CauseResend {
		return Metadata{}, ErrBadMetadata
	}
	if !m.Channel.IsCode() && m.Channel != ChannelPasskey {
		return Metadata{}, ErrBadMetadata
	}
	return m, nil
}
