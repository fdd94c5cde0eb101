package passkeytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"slices"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/google/uuid"
)

// Authenticator is a passkey in software, with the browser around it:
// it answers creation and request options as a real one does (ES256,
// attestation "none"), and each Change makes it answer as an attacker
// would instead. It is a value: a copy is a clone, with the same key and
// counter.
type Authenticator struct {
	Key    *ecdsa.PrivateKey
	ID     []byte
	AAGUID uuid.UUID
	// Counter is the signature counter; it advances before each signature
	// if Counts, as on a security key, and stays zero otherwise, as with
	// most synced passkeys.
	Counter    uint32
	Counts     bool
	Flags      protocol.AuthenticatorFlags
	Origin     string
	Transports []string
}

// New returns a counting authenticator that verifies its user,
// with a credential id of idLength bytes, used from https://example.com.
func New(idLength int) *Authenticator {
	id := make([]byte, idLength)
	_, _ = rand.Read(id)
	return &Authenticator{
		Key:        must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)),
		ID:         id,
		AAGUID:     uuid.MustParse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"),
		Counts:     true,
		Flags:      protocol.FlagUserPresent | protocol.FlagUserVerified,
		Origin:     "https://example.com",
		Transports: []string{"internal", "hybrid"},
	}
}

// answer is what the authenticator and its browser send back. A Change
// edits it before it is signed; tamper edits the signed bytes.
type answer struct {
	client       protocol.CollectedClientData
	rpID         string
	flags        protocol.AuthenticatorFlags
	counter      uint32
	credentialID []byte
	aaguid       uuid.UUID
	algorithm    webauthncose.COSEAlgorithmIdentifier
	tamper       func(authData, clientDataJSON, signature []byte)
}

// Change is one way to answer differently from an honest authenticator.
type Change func(*answer)

// The changes: each answers as if from another page, for another relying
// party or challenge, with other flags, counter, credential, key algorithm
// or model, in another ceremony or frame, or edits the signed bytes.
func FromOrigin(origin string) Change { return func(a *answer) { a.client.Origin = origin } }
func ForRPID(rpID string) Change      { return func(a *answer) { a.rpID = rpID } }
func WithCounter(n uint32) Change     { return func(a *answer) { a.counter = n } }
func WithAAGUID(id uuid.UUID) Change  { return func(a *answer) { a.aaguid = id } }
func LabelledAs(alg webauthncose.COSEAlgorithmIdentifier) Change {
	return func(a *answer) { a.algorithm = alg }
}
func AsCredential(id []byte) Change { return func(a *answer) { a.credentialID = id } }
func WithFlags(set, clear protocol.AuthenticatorFlags) Change {
	return func(a *answer) { a.flags = a.flags&^clear | set }
}
func WithChallenge(challenge []byte) Change {
	return func(a *answer) { a.client.Challenge = base64.RawURLEncoding.EncodeToString(challenge) }
}
func OfType(ceremony protocol.CeremonyType) Change {
	return func(a *answer) { a.client.Type = ceremony }
}
func InCrossOriginFrame(top string) Change {
	return func(a *answer) { a.client.CrossOrigin, a.client.TopOrigin = true, top }
}
func Tampered(edit func(authData, clientDataJSON, signature []byte)) Change {
	return func(a *answer) { a.tamper = edit }
}

// start is the honest answer to options of ceremony with challenge for rpID.
func (s *Authenticator) start(ceremony protocol.CeremonyType, challenge []byte, rpID string, changes []Change) answer {
	a := answer{
		client:       protocol.CollectedClientData{Type: ceremony, Challenge: base64.RawURLEncoding.EncodeToString(challenge), Origin: s.Origin},
		rpID:         rpID,
		flags:        s.Flags,
		counter:      s.Counter,
		credentialID: s.ID,
		aaguid:       s.AAGUID,
		algorithm:    webauthncose.AlgES256,
	}
	for _, c := range changes {
		c(&a)
	}
	return a
}

// authData lays out the authenticator data of a; with attested, the
// credential and its public key follow (a registration).
func (s *Authenticator) authData(a answer, attested bool) []byte {
	rpIDHash := sha256.Sum256([]byte(a.rpID))
	data := slices.Concat(rpIDHash[:], []byte{byte(a.flags)}, binary.BigEndian.AppendUint32(nil, a.counter))
	if !attested {
		return data
	}
	point := must(s.Key.PublicKey.Bytes()) // 0x04 || X || Y
	coseKey := must(webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(a.algorithm)},
		Curve:         int64(webauthncose.P256), XCoord: point[1:33], YCoord: point[33:],
	}))
	return slices.Concat(data, a.aaguid[:], binary.BigEndian.AppendUint16(nil, uint16(len(s.ID))), s.ID, coseKey)
}

// Register answers creation options as navigator.credentials.create
// would, in the toJSON form.
func (s *Authenticator) Register(creationOptions []byte, changes ...Change) []byte {
	options := decode[protocol.PublicKeyCredentialCreationOptions](creationOptions)
	a := s.start(protocol.CreateCeremony, options.Challenge, options.RelyingParty.ID,
		append([]Change{WithFlags(protocol.FlagAttestedCredentialData, 0)}, changes...))
	authData := s.authData(a, true)
	clientDataJSON := must(json.Marshal(a.client))
	if a.tamper != nil {
		a.tamper(authData, clientDataJSON, nil)
	}
	attestationObject := must(webauthncbor.Marshal(struct {
		Format       string         `cbor:"fmt"`
		AttStatement map[string]any `cbor:"attStmt"`
		AuthData     []byte         `cbor:"authData"`
	}{"none", map[string]any{}, authData}))
	return must(json.Marshal(protocol.CredentialCreationResponse{
		PublicKeyCredential: s.credential(a),
		AttestationResponse: protocol.AuthenticatorAttestationResponse{
			AuthenticatorResponse: protocol.AuthenticatorResponse{ClientDataJSON: clientDataJSON},
			Transports:            s.Transports,
			AttestationObject:     attestationObject,
		},
	}))
}

// Sign answers request options as navigator.credentials.get would, in
// the toJSON form, whether or not they list its credential.
func (s *Authenticator) Sign(requestOptions []byte, changes ...Change) []byte {
	options := decode[protocol.PublicKeyCredentialRequestOptions](requestOptions)
	if s.Counts {
		s.Counter++
	}
	a := s.start(protocol.AssertCeremony, options.Challenge, options.RelyingPartyID, changes)
	authData := s.authData(a, false)
	clientDataJSON := must(json.Marshal(a.client))
	clientDataHash := sha256.Sum256(clientDataJSON)
	signed := sha256.Sum256(slices.Concat(authData, clientDataHash[:]))
	signature := must(ecdsa.SignASN1(rand.Reader, s.Key, signed[:]))
	if a.tamper != nil {
		a.tamper(authData, clientDataJSON, signature)
	}
	return must(json.Marshal(protocol.CredentialAssertionResponse{
		PublicKeyCredential: s.credential(a),
		AssertionResponse: protocol.AuthenticatorAssertionResponse{
			AuthenticatorResponse: protocol.AuthenticatorResponse{ClientDataJSON: clientDataJSON},
			AuthenticatorData:     authData,
			Signature:             signature,
			UserHandle:            []byte("user handle the authenticator keeps"),
		},
	}))
}

// credential is the PublicKeyCredential part of an answer.
func (s *Authenticator) credential(a answer) protocol.PublicKeyCredential {
	return protocol.PublicKeyCredential{
		Credential:              protocol.Credential{ID: base64.RawURLEncoding.EncodeToString(a.credentialID), Type: string(protocol.PublicKeyCredentialType)},
		RawID:                   a.credentialID,
		AuthenticatorAttachment: string(protocol.Platform),
	}
}

// must returns v, or panics with err: the software authenticator's own
// encoding cannot fail, and Example functions have no testing.T.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// decode reads options the package made, which are valid JSON.
func decode[T any](data []byte) T {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		panic(err)
	}
	return v
}
