package email_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cognito-passwordless/passwordless-go/internal/email"
)

// The sender address must be an identity verified in SES; the region,
// credentials and endpoint come from the standard AWS SDK environment.
func ExampleSES_Send() {
	ctx := context.Background()
	sender, err := email.NewSES(ctx, "codes@example.com", "passwordless")
	if err != nil {
		log.Fatal(err)
	}
	if err := sender.Send(ctx, "alice@example.org", "Your sign-in code", "Your code is 123456."); err != nil {
		log.Printf("sending the code: %v", err) // names only the reason, such as MessageRejected
	}
}

func ExampleValid() {
	for _, address := range []string{"jane.doe@example.com", "Jane Doe <jane.doe@example.com>", "jane@localhost", "jane doe@example.com"} {
		fmt.Printf("%q: %v\n", address, email.Valid(address))
	}
	// Output:
	// "jane.doe@example.com": true
	// "Jane Doe <jane.doe@example.com>": false
	// "jane@localhost": false
	// "jane doe@example.com": false
}

func ExampleMask() {
	fmt.Println(email.Mask("jane.doe@example.com"))
	fmt.Println(email.Mask("jane@mail.example.co.uk"))
	fmt.Println(email.Mask("not an address"))
	// Output:
	// j***@e***.com
	// j***@m***.uk
	// ***
}

func ExampleDomain() {
	fmt.Printf("%q\n", email.Domain("Jane@Example.COM"))
	fmt.Printf("%q\n", email.Domain("not an address"))
	// Output:
	// "example.com"
	// ""
}

func ExampleDomainAllowList() {
	allowed, err := email.ParseDomainAllowList("Example.com, example.org")
	if err != nil {
		panic(err)
	}
	fmt.Println(allowed)
	fmt.Println(allowed.Allows("jane@EXAMPLE.com"))      // a listed domain, in any case
	fmt.Println(allowed.Allows("jane@mail.example.com")) // a subdomain: not listed itself
	fmt.Println(allowed.Allows("jane@example.net"))

	_, err = email.ParseDomainAllowList("example.com, jane@example.org")
	fmt.Println(err)
	// Output:
	// example.com,example.org
	// true
	// false
	// false
	// entry "jane@example.org" has an @: list domains such as example.com, not addresses
}
