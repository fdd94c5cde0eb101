package srp_test

import (
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// The steps, one side each: the client's NewClient (g^a) and Claim (g^x and
// the 1280-bit exponent of S), the server's NewVerifier at sign-up (g^x),
// NewServer at InitiateAuth (g^b, v^u and the 256-bit exponent of S), and
// a whole sign-in.

func BenchmarkNewClient(b *testing.B) {
	r := seeded(1)
	for b.Loop() {
		if _, err := srp.NewClient(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClaim(b *testing.B) {
	client, _, challenge := exchange(b, 1)
	for b.Loop() {
		if _, err := client.Claim(poolName, password, challenge, signedAt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewVerifier(b *testing.B) {
	r := seeded(1)
	for b.Loop() {
		if _, err := srp.NewVerifier(poolName, userID, password, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewServer(b *testing.B) {
	r := seeded(1)
	verifier, _ := srp.NewVerifier(poolName, userID, password, r)
	client, _ := srp.NewClient(r)
	for b.Loop() {
		if _, err := srp.NewServer(verifier, client.A(), r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignIn is one whole exchange, both sides: what a sign-in by
// password costs in local mode with the CLI or a test as the client.
// Verify itself is an HMAC, timed here with the rest since a Server
// verifies once.
func BenchmarkSignIn(b *testing.B) {
	r := seeded(1)
	verifier, _ := srp.NewVerifier(poolName, userID, password, r)
	for b.Loop() {
		client, err := srp.NewClient(r)
		if err != nil {
			b.Fatal(err)
		}
		server, err := srp.NewServer(verifier, client.A(), r)
		if err != nil {
			b.Fatal(err)
		}
		claim, err := client.Claim(poolName, password, server.Challenge(userID, secretBlock), signedAt)
		if err != nil {
			b.Fatal(err)
		}
		if err := server.Verify(poolName, userID, claim); err != nil {
			b.Fatal(err)
		}
	}
}
