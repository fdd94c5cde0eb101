package srp

import (
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"time"
)

// Challenge is what Cognito sends with PASSWORD_VERIFIER, the challenge
// parameters of the same names.
type Challenge struct {
	// UserIDForSRP is USER_ID_FOR_SRP, the user's internal name, which the
	// client hashes and signs instead of the name it typed (and sends back
	// as USERNAME).
	UserIDForSRP string
	// Salt is SALT, a hexadecimal number.
	Salt string
	// SRPB is SRP_B, the server's public value B in hexadecimal.
	SRPB string
	// SecretBlock is SECRET_BLOCK, opaque standard base64.
	SecretBlock string
}

// Claim is the client's answer to PASSWORD_VERIFIER, the challenge
// responses of the same names (with USERNAME, USER_ID_FOR_SRP).
type Claim struct {
	// SecretBlock is PASSWORD_CLAIM_SECRET_BLOCK, the SECRET_BLOCK echoed.
	SecretBlock string
	// Signature is PASSWORD_CLAIM_SIGNATURE, base64.
	Signature string
	// Timestamp is TIMESTAMP, the signed time (FormatTimestamp).
	Timestamp string
}

// Client is the client side of one exchange: the secret exponent a and the
// public value A = g^a mod N. Use one Client per sign-in.
type Client struct {
	a, pubA *big.Int
}

// NewClient draws a (1024 random bits from rand, or from crypto/rand when
// rand is nil) and computes A.
func NewClient(rand io.Reader) (*Client, error) {
	a, err := randomExponent(orDefault(rand), clientExponentBytes)
	if err != nil {
		return nil, err
	}
	pubA := new(big.Int).Exp(groupG, a, groupN)
	// N is prime, so g^a mod N is never 0; identity-js checks anyway, and
	// so does this, as the server would refuse it.
	if pubA.Sign() == 0 {
		return nil, fmt.Errorf("%w: A mod N is 0", ErrPublicValue)
	}
	return &Client{a: a, pubA: pubA}, nil
}

// A returns SRP_A: A in lowercase hexadecimal without leading zeros, as
// identity-js sends it (so its length may be odd).
func (c *Client) A() string {
	return c.pubA.Text(16)
}

// Claim proves password for the challenge, signing the time now. poolName
// is PoolName of the user pool id. It fails for an SRP_B that is not in
// (0, N), a SALT that is not hexadecimal, a SECRET_BLOCK that is not base64,
// and (with odds of 2^-256) when u is 0; a wrong password gives a Claim
// that the server refuses.
func (c *Client) Claim(poolName, password string, ch Challenge, now time.Time) (Claim, error) {
	pubB, ok := parsePublic(ch.SRPB)
	if !ok {
		return Claim{}, fmt.Errorf("%w: SRP_B %.16q", ErrPublicValue, ch.SRPB)
	}
	salt, ok := parseHex(ch.Salt)
	if !ok {
		return Claim{}, fmt.Errorf("%w: %.16q", ErrSalt, ch.Salt)
	}
	secretBlock, err := base64.StdEncoding.DecodeString(ch.SecretBlock)
	if err != nil {
		return Claim{}, fmt.Errorf("%w: %v", ErrSecretBlock, err)
	}
	u := scrambler(c.pubA, pubB)
	if u.Sign() == 0 {
		return Claim{}, fmt.Errorf("%w: u is 0", ErrPublicValue)
	}
	x := passwordExponent(poolName, ch.UserIDForSRP, password, salt)
	key := sessionKey(c.secret(pubB, u, x), u)
	timestamp := FormatTimestamp(now)
	sig := signature(key, poolName, ch.UserIDForSRP, secretBlock, timestamp)
	return Claim{
		SecretBlock: ch.SecretBlock,
		Signature:   base64.StdEncoding.EncodeToString(sig),
		Timestamp:   timestamp,
	}, nil
}

// secret returns the client's S = (B − k·g^x)^(a + u·x) mod N. The base is
// reduced modulo N first: B − k·g^x is negative more often than not, and
// identity-js's modPow reduces it the same way.
func (c *Client) secret(pubB, u, x *big.Int) *big.Int {
	gx := new(big.Int).Exp(groupG, x, groupN)
	base := new(big.Int).Mul(groupK, gx)
	base.Sub(pubB, base)
	base.Mod(base, groupN)
	exp := new(big.Int).Mul(u, x)
	exp.Add(exp, c.a)
	return base.Exp(base, exp, groupN)
}
