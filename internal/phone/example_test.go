package phone_test

import (
	"fmt"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

func ExampleMask() {
	fmt.Println(phone.Mask("+15555550123"))
	fmt.Println(phone.Mask("not a number"))
	// Output:
	// +1******0123
	// ***
}

func ExampleCountryCode() {
	for _, number := range []string{"+447700900123", "+12684601234", "+8801712345678", "+99912345678"} {
		code, ok := phone.CountryCode(number)
		fmt.Printf("%s: %q %v\n", number, code, ok)
	}
	// Output:
	// +447700900123: "+44" true
	// +12684601234: "+1" true
	// +8801712345678: "+880" true
	// +99912345678: "" false
}

func ExampleAllowList() {
	allowed, err := phone.ParseAllowList("+44, +49, +1 268")
	if err != nil {
		panic(err)
	}
	fmt.Println(allowed)
	fmt.Println(allowed.Allows("+447700900123")) // United Kingdom
	fmt.Println(allowed.Allows("+12684601234"))  // Antigua and Barbuda
	fmt.Println(allowed.Allows("+14155550123"))  // United States

	_, err = phone.ParseAllowList("+44,+35")
	fmt.Println(err)
	// Output:
	// +44,+49,+1268
	// true
	// true
	// false
	// entry "+35" is shorter than a country calling code
}
