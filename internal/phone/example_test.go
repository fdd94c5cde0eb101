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
