package srp_test

import (
	"encoding/base64"
	"fmt"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

func Example() {
	poolName := srp.PoolName("us-east-1_Example")
	const userID = "3c5f9a2e-7b1d-4e8f-a6c0-9d2b4e6f8a1c" // USER_ID_FOR_SRP

	// Sign-up: the server keeps the verifier, never the password.
	verifier, err := srp.NewVerifier(poolName, userID, "Correct Horse Battery Staple 1!", nil)
	if err != nil {
		panic(err)
	}

	signIn := func(password string) error {
		// InitiateAuth: the client sends SRP_A, the server answers
		// PASSWORD_VERIFIER with SALT, SRP_B and a SECRET_BLOCK of its
		// choice.
		client, err := srp.NewClient(nil)
		if err != nil {
			return err
		}
		server, err := srp.NewServer(verifier, client.A(), nil)
		if err != nil {
			return err
		}
		challenge := server.Challenge(userID, base64.StdEncoding.EncodeToString([]byte("opaque")))

		// RespondToAuthChallenge: the client proves the password.
		claim, err := client.Claim(poolName, password, challenge, time.Now())
		if err != nil {
			return err
		}
		return server.Verify(poolName, userID, claim)
	}
	fmt.Println(signIn("Correct Horse Battery Staple 1!"))
	fmt.Println(signIn("correct horse battery staple 1!"))
	// Output:
	// <nil>
	// srp: password claim signature does not match
}

func ExampleFormatTimestamp() {
	fmt.Println(srp.FormatTimestamp(time.Date(2024, time.September, 3, 1, 22, 31, 0, time.UTC)))
	// Output: Tue Sep 3 01:22:31 UTC 2024
}
