package emailaddr_test

import (
	"fmt"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

func ExampleValid() {
	for _, address := range []string{"jane.doe@example.com", "Jane Doe <jane.doe@example.com>", "jane@localhost", "jane doe@example.com"} {
		fmt.Printf("%q: %v\n", address, emailaddr.Valid(address))
	}
	// Output:
	// "jane.doe@example.com": true
	// "Jane Doe <jane.doe@example.com>": false
	// "jane@localhost": false
	// "jane doe@example.com": false
}

func ExampleMask() {
	fmt.Println(emailaddr.Mask("jane.doe@example.com"))
	fmt.Println(emailaddr.Mask("jane@mail.example.co.uk"))
	fmt.Println(emailaddr.Mask("not an address"))
	// Output:
	// j***@e***.com
	// j***@m***.uk
	// ***
}

func ExampleDomain() {
	fmt.Printf("%q\n", emailaddr.Domain("Jane@Example.COM"))
	fmt.Printf("%q\n", emailaddr.Domain("not an address"))
	// Output:
	// "example.com"
	// ""
}

func ExampleDomainAllowList() {
	allowed, err := emailaddr.ParseDomainAllowList("Example.com, example.org")
	if err != nil {
		panic(err)
	}
	fmt.Println(allowed)
	fmt.Println(allowed.Allows("jane@EXAMPLE.com"))      // a listed domain, in any case
	fmt.Println(allowed.Allows("jane@mail.example.com")) // a subdomain: not listed itself
	fmt.Println(allowed.Allows("jane@example.net"))

	_, err = emailaddr.ParseDomainAllowList("example.com, jane@example.org")
	fmt.Println(err)
	// Output:
	// example.com,example.org
	// true
	// false
	// false
	// entry "jane@example.org" has an @: list domains such as example.com, not addresses
}
