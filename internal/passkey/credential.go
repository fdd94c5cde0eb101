package passkey

import (
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/google/uuid"
)

// Credential is what is stored for one passkey of a user: enough to check
// its signatures and to list it in the options, and nothing about the
// person (the caller stores it under the user it belongs to).
type Credential struct {
	// ID is the credential id the authenticator chose (at most 1023 bytes).
	ID []byte `json:"id"`
	// PublicKey is the credential's public key as a COSE key, as
	// go-webauthn decoded it from the authenticator data.
	PublicKey []byte `json:"publicKey"`
	// SignCount is the authenticator's signature counter at the last
	// sign-in; zero for authenticators that keep none (most synced passkeys).
	SignCount uint32 `json:"signCount"`
	// Transports are how the client may reach the authenticator ("usb",
	// "nfc", "ble", "smart-card", "hybrid", "internal"), as the browser
	// reported them at registration: a hint, not a proof.
	Transports []string `json:"transports,omitempty"`
	// AAGUID names the authenticator model, as the authenticator claims it;
	// all zeros when it does not say.
	AAGUID uuid.UUID `json:"aaguid"`
	// BackupEligible says the passkey can be synced to other devices; it
	// cannot change during the passkey's life.
	BackupEligible bool `json:"backupEligible"`
	// BackupState says the passkey was synced, as of the last ceremony.
	BackupState bool `json:"backupState"`
	// Name is the label the user gave the passkey ("laptop"), if any.
	Name string `json:"name,omitempty"`
	// CreatedAt is when the passkey was registered.
	CreatedAt time.Time `json:"createdAt"`
	// LastUsedAt is when it last signed the user in; zero if never.
	LastUsedAt time.Time `json:"lastUsedAt,omitzero"`
}

// descriptor is how options name c to the browser.
func (c Credential) descriptor() protocol.CredentialDescriptor {
	d := protocol.CredentialDescriptor{Type: protocol.PublicKeyCredentialType, CredentialID: c.ID}
	for _, t := range c.Transports {
		d.Transport = append(d.Transport, protocol.AuthenticatorTransport(t))
	}
	return d
}

// descriptors names each of credentials, in order.
func descriptors(credentials []Credential) []protocol.CredentialDescriptor {
	list := make([]protocol.CredentialDescriptor, 0, len(credentials))
	for _, c := range credentials {
		list = append(list, c.descriptor())
	}
	return list
}

// knownTransports keeps, sorted and once each, the transports WebAuthn
// defines: the client reports them unsigned, and every later set of
// options repeats them.
func knownTransports(reported []protocol.AuthenticatorTransport) []string {
	var kept []string
	for _, t := range reported {
		switch t {
		case protocol.USB, protocol.NFC, protocol.BLE, protocol.SmartCard, protocol.Hybrid, protocol.Internal:
			kept = append(kept, string(t))
		}
	}
	slices.Sort(kept)
	return slices.Compact(kept)
}
