package srp

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync/atomic"
)

// saltBytes is the length of a new verifier's salt, as Cognito's.
const saltBytes = 16

// Verifier is what a server stores for a password: never the password,
// only a random salt and v = g^x mod N with x from the salt, the pool name,
// the user's USER_ID_FOR_SRP and the password. From these a server can
// check a proof of the password but cannot make one. An attacker who reads
// them must still guess the password, at one modular exponentiation (about
// a millisecond) per guess, so a verifier is as sensitive as a password
// hash and is kept as one; Cognito's protocol leaves no room for a slower
// function.
type Verifier struct {
	// Salt is the SALT sent to clients, hexadecimal.
	Salt string
	// V is v in hexadecimal.
	V string
}

// NewVerifier makes the verifier of a password, with a salt of 16 random
// bytes from rand (crypto/rand when nil). poolName is PoolName of the user
// pool id; it and userIDForSRP must be the ones the client will hash, so a
// user's verifier is bound to its pool and internal name.
func NewVerifier(poolName, userIDForSRP, password string, rand io.Reader) (Verifier, error) {
	salt := make([]byte, saltBytes)
	if _, err := io.ReadFull(orDefault(rand), salt); err != nil {
		return Verifier{}, fmt.Errorf("srp: reading randomness: %w", err)
	}
	x := passwordExponent(poolName, userIDForSRP, password, new(big.Int).SetBytes(salt))
	v := new(big.Int).Exp(groupG, x, groupN)
	return Verifier{Salt: hex.EncodeToString(salt), V: v.Text(16)}, nil
}

// Matches reports whether password is the one v was made from, for the
// same pool name and user: a server checking a password it was sent in the
// clear (ChangePassword's previous password). It compares in constant time.
func (v Verifier) Matches(poolName, userIDForSRP, password string) bool {
	salt, okSalt := parseHex(v.Salt)
	want, okV := parsePublic(v.V)
	if !okSalt || !okV {
		return false
	}
	got := new(big.Int).Exp(groupG, passwordExponent(poolName, userIDForSRP, password, salt), groupN)
	return hmac.Equal(got.FillBytes(make([]byte, len(groupN.Bytes()))), want.FillBytes(make([]byte, len(groupN.Bytes()))))
}

// Server is the server side of one exchange, from the client's SRP_A to
// its one PASSWORD_CLAIM_SIGNATURE. It keeps the derived key, not b.
type Server struct {
	salt string
	pubB *big.Int
	key  []byte
	used atomic.Bool
}

// NewServer starts an exchange for the user whose verifier is v and the
// client's SRP_A, drawing b (256 random bits from rand, or crypto/rand
// when nil) and computing B = (k·v + g^b) mod N and the session key. It
// refuses an SRP_A that is not a hexadecimal number (at most 1024 digits,
// either case, odd length allowed) strictly between 0 and N: 0, N and its
// multiples included (ErrPublicValue).
func NewServer(v Verifier, srpA string, rand io.Reader) (*Server, error) {
	pubA, ok := parsePublic(srpA)
	if !ok {
		return nil, fmt.Errorf("%w: SRP_A %.16q", ErrPublicValue, srpA)
	}
	verifier, ok := parsePublic(v.V)
	if _, saltOK := parseHex(v.Salt); !ok || !saltOK {
		return nil, errors.New("srp: malformed verifier")
	}
	b, err := randomExponent(orDefault(rand), serverExponentBytes)
	if err != nil {
		return nil, err
	}
	pubB := new(big.Int).Mul(groupK, verifier)
	pubB.Add(pubB, new(big.Int).Exp(groupG, b, groupN))
	pubB.Mod(pubB, groupN)
	u := scrambler(pubA, pubB)
	// B is 0 only if g^b ≡ −k·v, and u only if SHA-256 gives 0: neither
	// happens, but a client would refuse either.
	if pubB.Sign() == 0 || u.Sign() == 0 {
		return nil, errors.New("srp: degenerate B or u; draw again")
	}
	// S = (A·v^u)^b mod N.
	secret := new(big.Int).Exp(verifier, u, groupN)
	secret.Mul(secret, pubA)
	secret.Exp(secret, b, groupN)
	return &Server{salt: v.Salt, pubB: pubB, key: sessionKey(secret, u)}, nil
}

// B returns SRP_B in lowercase hexadecimal.
func (s *Server) B() string {
	return s.pubB.Text(16)
}

// Salt returns SALT, the verifier's salt.
func (s *Server) Salt() string {
	return s.salt
}

// Challenge returns the PASSWORD_VERIFIER challenge parameters for this
// exchange. secretBlock is opaque standard base64 of the caller's choice,
// which the client signs and echoes.
func (s *Server) Challenge(userIDForSRP, secretBlock string) Challenge {
	return Challenge{UserIDForSRP: userIDForSRP, Salt: s.salt, SRPB: s.B(), SecretBlock: secretBlock}
}

// Verify checks the client's claim: that its signature is the HMAC, under
// this exchange's key, of poolName (PoolName of the user pool id),
// userIDForSRP, the decoded secret block and the timestamp. It returns nil
// when the client knew the password, ErrTimestamp for a TIMESTAMP that does
// not parse, ErrSecretBlock for a secret block that is not base64,
// ErrSignature otherwise, and ErrUsed after the first call, whatever that
// returned, so that one exchange takes one password guess.
//
// A TIMESTAMP that parses but is not spelt as FormatTimestamp spells it (a
// zero-padded day, a wrong day of the week) gets ErrSignature, even if
// signed as sent: Cognito answered warrant's "Wed Apr 05 22:44:40 UTC
// 2017", so signed, with NotAuthorizedException, "Incorrect username or
// password.", and a client that spells the time otherwise than identity-js
// must fail here as it does there.
// How far the time may be from now is the caller's choice; the exchange is
// single-use already.
//
// The caller must check that the secret block is the one it issued for
// this exchange; the signature covers it, so an altered one fails anyway.
func (s *Server) Verify(poolName, userIDForSRP string, c Claim) error {
	if s.used.Swap(true) {
		return ErrUsed
	}
	t, err := ParseTimestamp(c.Timestamp)
	if err != nil {
		return err
	}
	secretBlock, err := base64.StdEncoding.DecodeString(c.SecretBlock)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSecretBlock, err)
	}
	got, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil {
		return fmt.Errorf("%w: not base64", ErrSignature)
	}
	if FormatTimestamp(t) != c.Timestamp {
		return fmt.Errorf("%w: TIMESTAMP %q is not spelt as %q", ErrSignature, c.Timestamp, FormatTimestamp(t))
	}
	want := signature(s.key, poolName, userIDForSRP, secretBlock, c.Timestamp)
	if !hmac.Equal(got, want) {
		return ErrSignature
	}
	return nil
}
