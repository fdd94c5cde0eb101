package session

// Keys of the ClientMetadata by which a client asks for a new code instead
// of answering. Cognito passes the ClientMetadata of RespondToAuthChallenge
// to verify, define and create alike, so all three see the same request.
const (
	// ClientMetadataResend set to "true" asks for a new code, or a new
	// passkey challenge; the answer sent with it is not looked at and uses
	// up no attempt.
	ClientMetadataResend = "resend"
	// ClientMetadataChannel, with ClientMetadataResend, names the channel
	// (sms or email) for the new code, or passkey for a new passkey
	// challenge; absent keeps the channel, and after a passkey round asks
	// for a code by the first channel the user has.
	ClientMetadataChannel = "channel"
)

// Resend is a client's request for a new code or passkey challenge.
type Resend struct {
	// Requested is true when the client asked for a new code.
	Requested bool
	// Channel is the channel asked for; "" keeps the last round's. It is
	// as the client sent it: create checks it.
	Channel Channel
}

// ResendRequest reads a resend request from ClientMetadata. Only "true"
// asks: any other value of ClientMetadataResend is an answer like any other.
func ResendRequest(clientMetadata map[string]string) Resend {
	if clientMetadata[ClientMetadataResend] != "true" {
		return Resend{}
	}
	return Resend{Requested: true, Channel: Channel(clientMetadata[ClientMetadataChannel])}
}
