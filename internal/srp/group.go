package srp

import (
	"crypto/hkdf"
	"crypto/hmac"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// nHex is the 3072-bit prime of RFC 3526's group 15, spelt as
// AuthenticationHelper.js's initN spells it.
const nHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// infoBits is HKDF's info, the name identity-js gives the derived key.
const infoBits = "Caldera Derived Key"

// keyBytes is the length of the derived key: identity-js keeps the first
// 16 bytes of HKDF's first block.
const keyBytes = 16

// clientExponentBytes is the length of the client's random exponent a:
// 1024 bits, as identity-js draws it.
const clientExponentBytes = 128

// serverExponentBytes is the length of the server's random exponent b: 256
// bits, RFC 5054's minimum, which matches the group's 128-bit strength and
// makes NewServer three times faster than 1024 bits would.
const serverExponentBytes = 32

// maxHexDigits bounds every hexadecimal number read from the wire. A
// public value has at most 768 digits; the rest leaves room for leading
// zeros without letting a caller make the parser or the arithmetic chew
// on megabytes.
const maxHexDigits = 1024

var (
	// groupN is the prime modulus N.
	groupN = mustParseHex(nHex)
	// groupG is the generator g.
	groupG = big.NewInt(2)
	// groupK is the multiplier k = H(N ‖ g), each in its shortest form:
	// identity-js's hexHash(padHex(N) + padHex(g)), that is H(00‖N ‖ 02).
	groupK = new(big.Int).SetBytes(hash(minimal(groupN), minimal(groupG)))
)

// Errors the package returns, wrapped with the detail of what was wrong;
// test for them with errors.Is.
var (
	// ErrPublicValue reports an SRP_A or SRP_B that is not a hexadecimal
	// number strictly between 0 and N. Cognito's values are always below
	// N, and refusing the rest refuses 0, N and every multiple of N,
	// which would make the shared secret independent of the password.
	ErrPublicValue = errors.New("srp: public value is not a number between 0 and N")
	// ErrSalt reports a SALT that is not a hexadecimal number.
	ErrSalt = errors.New("srp: SALT is not a hexadecimal number")
	// ErrSecretBlock reports a SECRET_BLOCK that is not standard base64.
	ErrSecretBlock = errors.New("srp: SECRET_BLOCK is not base64")
	// ErrTimestamp reports a TIMESTAMP not of the form
	// "Tue Sep 3 01:22:31 UTC 2024". Cognito answers such a one with
	// InvalidParameterException, "TIMESTAMP format should be EEE MMM d
	// HH:mm:ss z yyyy in english."
	ErrTimestamp = errors.New("srp: TIMESTAMP is not of the form EEE MMM d HH:mm:ss UTC yyyy")
	// ErrSignature reports a PASSWORD_CLAIM_SIGNATURE that does not prove
	// the password for this exchange: a wrong password, or an altered
	// signature, secret block, timestamp or user id.
	ErrSignature = errors.New("srp: password claim signature does not match")
	// ErrUsed reports a second Verify of one Server: each exchange proves
	// the password once, as Cognito's session is good for one answer.
	ErrUsed = errors.New("srp: exchange already verified")
)

// PoolName returns the user pool name that the exchange hashes and signs:
// the user pool id's part after "_" ("EXAMPLE" for "us-east-1_EXAMPLE"),
// which identity-js takes as UserPoolId.split('_')[1]. It returns "" for
// an id without "_".
func PoolName(userPoolID string) string {
	_, rest, ok := strings.Cut(userPoolID, "_")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "_")
	return name
}

// minimal returns the shortest two's-complement big-endian bytes of a
// non-negative x, which is what identity-js's padHex spells in hex and
// Java's BigInteger.toByteArray returns: no leading zero byte unless the
// top bit of the first byte is set, and one zero byte for 0. Cognito
// hashes every number in this form, never padded to the length of N.
func minimal(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		return append([]byte{0}, b...)
	}
	return b
}

// hash is SHA-256 of the parts, one after another.
func hash(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// parseHex reads a hexadecimal number of at most maxHexDigits digits,
// either case, leading zeros allowed, and nothing else: big.Int.SetString
// alone would also take a sign.
func parseHex(s string) (*big.Int, bool) {
	if s == "" || len(s) > maxHexDigits {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return nil, false
		}
	}
	return new(big.Int).SetString(s, 16)
}

// parsePublic reads SRP_A or SRP_B, refusing anything outside (0, N).
func parsePublic(s string) (*big.Int, bool) {
	x, ok := parseHex(s)
	if !ok || x.Sign() <= 0 || x.Cmp(groupN) >= 0 {
		return nil, false
	}
	return x, true
}

// mustParseHex is parseHex for constants.
func mustParseHex(s string) *big.Int {
	x, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("srp: bad constant " + s)
	}
	return x
}

// scrambler returns u = H(A ‖ B).
func scrambler(pubA, pubB *big.Int) *big.Int {
	return new(big.Int).SetBytes(hash(minimal(pubA), minimal(pubB)))
}

// passwordExponent returns x = H(salt ‖ H(poolName ‖ userIDForSRP ‖ ":" ‖
// password)), the exponent of the verifier.
func passwordExponent(poolName, userIDForSRP, password string, salt *big.Int) *big.Int {
	inner := sha256.Sum256([]byte(poolName + userIDForSRP + ":" + password))
	return new(big.Int).SetBytes(hash(minimal(salt), inner[:]))
}

// sessionKey derives the signing key from the shared secret S and u.
func sessionKey(secret, u *big.Int) []byte {
	key, err := hkdf.Key(sha256.New, minimal(secret), minimal(u), infoBits, keyBytes)
	if err != nil {
		// hkdf.Key fails only for lengths beyond 255 blocks.
		panic(err)
	}
	return key
}

// signature is the PASSWORD_CLAIM_SIGNATURE's HMAC before base64.
func signature(key []byte, poolName, userIDForSRP string, secretBlock []byte, timestamp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(poolName))
	m.Write([]byte(userIDForSRP))
	m.Write(secretBlock)
	m.Write([]byte(timestamp))
	return m.Sum(nil)
}

// randomExponent draws an exponent of n bytes, shorter than N so that it
// needs no reduction; a zero one means the source of randomness is broken.
func randomExponent(rand io.Reader, n int) (*big.Int, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return nil, fmt.Errorf("srp: reading randomness: %w", err)
	}
	x := new(big.Int).SetBytes(buf)
	if x.Sign() == 0 {
		return nil, errors.New("srp: randomness gave a zero exponent")
	}
	return x, nil
}

// orDefault is crypto/rand.Reader when r is nil.
func orDefault(r io.Reader) io.Reader {
	if r == nil {
		return cryptorand.Reader
	}
	return r
}
