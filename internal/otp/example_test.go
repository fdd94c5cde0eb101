package otp_test

import (
	"fmt"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

func Example() {
	sealer, err := otp.NewSealer([]byte("a secret of at least 32 bytes...."))
	if err != nil {
		panic(err)
	}
	code, _ := otp.Generate(otp.GenerateOptions{Length: 6})
	now := time.Now()
	// Only the seal is stored; the code goes to the user.
	seal := sealer.Seal("user-id", code, now.Add(3*time.Minute)).String()

	parsed, _ := otp.ParseSeal(seal)
	fmt.Println(sealer.Check(parsed, "user-id", code, now))
	fmt.Println(sealer.Check(parsed, "user-id", "not the code", now))
	// Output:
	// true
	// false
}
