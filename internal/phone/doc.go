// Package phone validates E.164 phone numbers and masks them for display and logs.
package phone
