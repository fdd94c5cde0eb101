package session

import (
	"fmt"
	"strings"
)

// Channel is a way to deliver a code.
type Channel string

// The channels.
const (
	ChannelSMS   Channel = "sms"
	ChannelEmail Channel = "email"
	// ChannelPasskey is no delivery: its rounds ask for a passkey's
	// signature over a fresh challenge, and send nothing. A client asks
	// for one as for a code by another channel (ClientMetadataChannel).
	ChannelPasskey Channel = "passkey"
)

// Channels lists every Channel a code goes by; ChannelPasskey is not one.
var Channels = []Channel{ChannelSMS, ChannelEmail}

// IsCode reports whether c is a channel a code goes by.
func (c Channel) IsCode() bool { return c == ChannelSMS || c == ChannelEmail }

// ParseChannel returns the code Channel named s.
func ParseChannel(s string) (Channel, error) {
	for _, c := range Channels {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown channel %q, want sms or email", s)
}

// ParseChannels reads a comma-separated list of channels such as
// "sms,email", in order of preference: each at most once, at least one.
func ParseChannels(s string) ([]Channel, error) {
	var out []Channel
	for _, name := range strings.Split(s, ",") {
		c, err := ParseChannel(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		for _, seen := range out {
			if seen == c {
				return nil, fmt.Errorf("channel %q listed twice", c)
			}
		}
		out = append(out, c)
	}
	return out, nil
}
