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
	fmt.Println(emailaddr.Mask("JANE.DOE@EXAMPLE.COM")) // the same mask in any case
	fmt.Println(emailaddr.Mask("jane@mail.example.co.uk"))
	fmt.Println(emailaddr.Mask("jane@xn--exmple-cua.de")) // the domain in Unicode
	fmt.Println(emailaddr.Mask("not an address"))
	// Output:
	// j***@e***.com
	// j***@e***.com
	// j***@m***.uk
	// j***@e***.de
	// ***
}

func ExampleDomain() {
	fmt.Printf("%q\n", emailaddr.Domain("Jane@Example.COM"))
	fmt.Printf("%q\n", emailaddr.Domain("jane@exämple.de"))
	fmt.Printf("%q\n", emailaddr.Domain("not an address"))
	// Output:
	// "example.com"
	// "xn--exmple-cua.de"
	// ""
}

func ExampleCanonicalDomain() {
	for _, domain := range []string{"Example.COM", "exämple.de", "k\u0130wi.com", "ex_ample.com"} {
		canonical, err := emailaddr.CanonicalDomain(domain)
		fmt.Printf("%q %v\n", canonical, err)
	}
	// Output:
	// "example.com" <nil>
	// "xn--exmple-cua.de" <nil>
	// "xn--kiwi-rwc.com" <nil>
	// "" idna: disallowed rune U+005F
}

func ExampleMailbox() {
	fmt.Println(emailaddr.Mailbox("Jane.Doe+news@Example.com"))
	fmt.Println(emailaddr.Mailbox("J.ane.Doe+news@googlemail.com"))
	fmt.Println(emailaddr.Mailbox("jane@exämple.de"))
	// Output:
	// jane.doe@example.com
	// janedoe@gmail.com
	// jane@xn--exmple-cua.de
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
	fmt.Println(allowed.Allows("jane@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com")) // fullwidth: example.com for IDNA

	_, err = emailaddr.ParseDomainAllowList("example.com, jane@example.org")
	fmt.Println(err)
	// Output:
	// example.com,example.org
	// true
	// false
	// false
	// true
	// entry "jane@example.org" has an @: list domains such as example.com, not addresses
}
