package srp

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/big"
	"testing"
	"time"
)

// identityJSVector is one exchange as amazon-cognito-identity-js computes
// it (testdata/vectors.mjs): the inputs, the numbers of each step in
// lowercase hexadecimal without leading zeros, and what CognitoUser sent.
type identityJSVector struct {
	name                                        string
	userPoolID, userIDForSRP, password          string
	salt                                        string // SALT as sent
	a, b                                        string // the secret exponents, 128 and 32 bytes
	secretBlock                                 string // SECRET_BLOCK as sent
	now                                         string // the client's clock, RFC 3339
	x, v, srpA, srpB, u, s                      string
	key                                         string // HKDF's 16 bytes
	timestamp, signature, username, echoedBlock string // the challenge responses
}

func TestGroupK(t *testing.T) {
	if got := groupK.Text(16); got != identityJSK {
		t.Errorf("k = %s, identity-js has %s", got, identityJSK)
	}
}

func mustDecodeHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIdentityJSVectors checks every step against identity-js's numbers,
// then both ways across: the Go client signs what identity-js signed, and
// the Go server accepts identity-js's signature.
func TestIdentityJSVectors(t *testing.T) {
	for _, tc := range identityJSVectors {
		t.Run(tc.name, func(t *testing.T) {
			poolName := PoolName(tc.userPoolID)
			now, err := time.Parse(time.RFC3339, tc.now)
			if err != nil {
				t.Fatal(err)
			}

			verifier, err := NewVerifier(poolName, tc.userIDForSRP, tc.password, bytes.NewReader(mustDecodeHex(t, tc.salt)))
			if err != nil {
				t.Fatal(err)
			}
			if verifier.Salt != tc.salt || verifier.V != tc.v {
				t.Errorf("verifier = %+v, want salt %s and v %s", verifier, tc.salt, tc.v)
			}
			salt, _ := parseHex(tc.salt)
			x := passwordExponent(poolName, tc.userIDForSRP, tc.password, salt)
			if x.Text(16) != tc.x {
				t.Errorf("x = %s, want %s", x.Text(16), tc.x)
			}

			client, err := NewClient(bytes.NewReader(mustDecodeHex(t, tc.a)))
			if err != nil {
				t.Fatal(err)
			}
			if client.A() != tc.srpA {
				t.Errorf("SRP_A = %s, want %s", client.A(), tc.srpA)
			}
			server, err := NewServer(verifier, tc.srpA, bytes.NewReader(mustDecodeHex(t, tc.b)))
			if err != nil {
				t.Fatal(err)
			}
			if server.B() != tc.srpB {
				t.Errorf("SRP_B = %s, want %s", server.B(), tc.srpB)
			}

			pubB, _ := parsePublic(tc.srpB)
			u := scrambler(client.pubA, pubB)
			if u.Text(16) != tc.u {
				t.Errorf("u = %s, want %s", u.Text(16), tc.u)
			}
			secret := client.secret(pubB, u, x)
			if secret.Text(16) != tc.s {
				t.Errorf("S = %s, want %s", secret.Text(16), tc.s)
			}
			if key := hex.EncodeToString(sessionKey(secret, u)); key != tc.key {
				t.Errorf("client key = %s, want %s", key, tc.key)
			}
			if key := hex.EncodeToString(server.key); key != tc.key {
				t.Errorf("server key = %s, want %s", key, tc.key)
			}

			challenge := server.Challenge(tc.userIDForSRP, tc.secretBlock)
			claim, err := client.Claim(poolName, tc.password, challenge, now)
			if err != nil {
				t.Fatal(err)
			}
			want := Claim{SecretBlock: tc.echoedBlock, Signature: tc.signature, Timestamp: tc.timestamp}
			if claim != want {
				t.Errorf("Go client's claim = %+v, identity-js's %+v", claim, want)
			}
			if tc.username != tc.userIDForSRP {
				t.Errorf("identity-js answered USERNAME %q, not USER_ID_FOR_SRP %q", tc.username, tc.userIDForSRP)
			}
			if err := server.Verify(poolName, tc.userIDForSRP, want); err != nil {
				t.Errorf("Go server refused identity-js's claim: %v", err)
			}
		})
	}
}

// TestMinimal checks the shortest two's-complement form against the
// examples in identity-js's padHex comment and the edges around them.
func TestMinimal(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "00"},
		{1, "01"},
		{20, "14"},
		{56, "38"},
		{0x7f, "7f"},
		{0x80, "0080"},
		{200, "00c8"},
		{236, "00ec"},
		{0xff, "00ff"},
		{0x100, "0100"},
		{0xfff, "0fff"},
		{0x7fff, "7fff"},
		{0x8000, "008000"},
	} {
		if got := hex.EncodeToString(minimal(big.NewInt(tc.in))); got != tc.want {
			t.Errorf("minimal(%#x) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if got := minimal(groupN); len(got) != 385 || got[0] != 0 {
		t.Errorf("minimal(N) has %d bytes starting %#x, want 385 starting 0", len(got), got[0])
	}
}

func TestPoolName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"us-east-1_Example", "Example"},
		{"eu-west-1_aB3dE5fG7", "aB3dE5fG7"},
		{"_x", "x"},
		{"x_", ""},
		{"a_b_c", "b"}, // identity-js's split('_')[1]
		{"no-underscore", ""},
		{"", ""},
	} {
		if got := PoolName(tc.in); got != tc.want {
			t.Errorf("PoolName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestVerifyRespelledTimestamp is warrant's bug: a client that signs and
// sends the time spelt otherwise than identity-js does, with the right
// password, is refused as Cognito refused it.
func TestVerifyRespelledTimestamp(t *testing.T) {
	tc := identityJSVectors[0] // signed on the 3rd, at 01:22:31
	poolName := PoolName(tc.userPoolID)
	for _, timestamp := range []string{
		"Tue Sep 03 01:22:31 UTC 2024", // warrant's %d
		"Wed Sep 3 01:22:31 UTC 2024",  // the wrong day of the week
		"Tue Sep 3 1:22:31 UTC 2024",
		"tue sep 3 01:22:31 UTC 2024",
	} {
		verifier := Verifier{Salt: tc.salt, V: tc.v}
		server, err := NewServer(verifier, tc.srpA, bytes.NewReader(mustDecodeHex(t, tc.b)))
		if err != nil {
			t.Fatal(err)
		}
		block := mustDecodeBase64(t, tc.secretBlock)
		sig := base64.StdEncoding.EncodeToString(signature(server.key, poolName, tc.userIDForSRP, block, timestamp))
		claim := Claim{SecretBlock: tc.secretBlock, Signature: sig, Timestamp: timestamp}
		if err := server.Verify(poolName, tc.userIDForSRP, claim); !errors.Is(err, ErrSignature) {
			t.Errorf("%q: Verify = %v, want ErrSignature", timestamp, err)
		}
	}
}

func mustDecodeBase64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
