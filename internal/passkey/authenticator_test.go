package passkey_test

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

// softAuthenticator is a passkey in software, with the browser around it:
// it answers creation and request options as a real one does (ES256,
// attestation "none"), and each change makes it answer as an attacker
// would instead. It is a value: a copy is a clone, with the same key and
// counter.
type softAuthenticator struct {
	key    *ecdsa.PrivateKey
	id     []byte
	aaguid uuid.UUID
	// counter is the signature counter; it advances before each signature
	// if counts, as on a security key, and stays zero otherwise, as with
	// most synced passkeys.
	counter    uint32
	counts     bool
	flags      protocol.AuthenticatorFlags
	origin     string
	transports []string
}

// newAuthenticator returns a counting authenticator that verifies its user,
// with a credential id of idLength bytes, used from https://example.com.
func newAuthenticator(idLength int) *softAuthenticator {
	id := make([]byte, idLength)
	_, _ = rand.Read(id)
	return &softAuthenticator{
		key:        must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)),
		id:         id,
		aaguid:     uuid.MustParse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"),
		counts:     true,
		flags:      protocol.FlagUserPresent | protocol.FlagUserVerified,
		origin:     "https://example.com",
		transports: []string{"internal", "hybrid"},
	}
}

// answer is what the authenticator and its browser send back. A change
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

// change is one way to answer differently from an honest authenticator.
type change func(*answer)

// The changes: each answers as if from another page, for another relying
// party or challenge, with other flags, counter, credential, key algorithm
// or model, in another ceremony or frame, or edits the signed bytes.
func fromOrigin(origin string) change { return func(a *answer) { a.client.Origin = origin } }
func forRPID(rpID string) change      { return func(a *answer) { a.rpID = rpID } }
func withCounter(n uint32) change     { return func(a *answer) { a.counter = n } }
func withAAGUID(id uuid.UUID) change  { return func(a *answer) { a.aaguid = id } }
func labelledAs(alg webauthncose.COSEAlgorithmIdentifier) change {
	return func(a *answer) { a.algorithm = alg }
}
func asCredential(id []byte) change { return func(a *answer) { a.credentialID = id } }
func withFlags(set, clear protocol.AuthenticatorFlags) change {
	return func(a *answer) { a.flags = a.flags&^clear | set }
}
func withChallenge(challenge []byte) change {
	return func(a *answer) { a.client.Challenge = base64.RawURLEncoding.EncodeToString(challenge) }
}
func ofType(ceremony protocol.CeremonyType) change {
	return func(a *answer) { a.client.Type = ceremony }
}
func inCrossOriginFrame(top string) change {
	return func(a *answer) { a.client.CrossOrigin, a.client.TopOrigin = true, top }
}
func tampered(edit func(authData, clientDataJSON, signature []byte)) change {
	return func(a *answer) { a.tamper = edit }
}

// start is the honest answer to options of ceremony with challenge for rpID.
func (s *softAuthenticator) start(ceremony protocol.CeremonyType, challenge []byte, rpID string, changes []change) answer {
	a := answer{
		client:       protocol.CollectedClientData{Type: ceremony, Challenge: base64.RawURLEncoding.EncodeToString(challenge), Origin: s.origin},
		rpID:         rpID,
		flags:        s.flags,
		counter:      s.counter,
		credentialID: s.id,
		aaguid:       s.aaguid,
		algorithm:    webauthncose.AlgES256,
	}
	for _, c := range changes {
		c(&a)
	}
	return a
}

// authData lays out the authenticator data of a; with attested, the
// credential and its public key follow (a registration).
func (s *softAuthenticator) authData(a answer, attested bool) []byte {
	rpIDHash := sha256.Sum256([]byte(a.rpID))
	data := slices.Concat(rpIDHash[:], []byte{byte(a.flags)}, binary.BigEndian.AppendUint32(nil, a.counter))
	if !attested {
		return data
	}
	point := must(s.key.PublicKey.Bytes()) // 0x04 || X || Y
	coseKey := must(webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(a.algorithm)},
		Curve:         int64(webauthncose.P256), XCoord: point[1:33], YCoord: point[33:],
	}))
	return slices.Concat(data, a.aaguid[:], binary.BigEndian.AppendUint16(nil, uint16(len(s.id))), s.id, coseKey)
}

// register answers creation options as navigator.credentials.create
// would, in the toJSON form.
func (s *softAuthenticator) register(creationOptions []byte, changes ...change) []byte {
	options := decode[protocol.PublicKeyCredentialCreationOptions](creationOptions)
	a := s.start(protocol.CreateCeremony, options.Challenge, options.RelyingParty.ID,
		append([]change{withFlags(protocol.FlagAttestedCredentialData, 0)}, changes...))
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
			Transports:            s.transports,
			AttestationObject:     attestationObject,
		},
	}))
}

// sign answers request options as navigator.credentials.get would, in
// the toJSON form, whether or not they list its credential.
func (s *softAuthenticator) sign(requestOptions []byte, changes ...change) []byte {
	options := decode[protocol.PublicKeyCredentialRequestOptions](requestOptions)
	if s.counts {
		s.counter++
	}
	a := s.start(protocol.AssertCeremony, options.Challenge, options.RelyingPartyID, changes)
	authData := s.authData(a, false)
	clientDataJSON := must(json.Marshal(a.client))
	clientDataHash := sha256.Sum256(clientDataJSON)
	signed := sha256.Sum256(slices.Concat(authData, clientDataHash[:]))
	signature := must(ecdsa.SignASN1(rand.Reader, s.key, signed[:]))
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
func (s *softAuthenticator) credential(a answer) protocol.PublicKeyCredential {
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
