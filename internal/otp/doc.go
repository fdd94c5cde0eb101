// Package otp makes one-time sign-in codes, seals them so that only a keyed
// hash is ever stored, and checks answers against a seal in constant time.
//
// A code never leaves the process that made it except in the SMS: what
// Cognito carries between triggers is a Seal, an HMAC-SHA-256 of the code
// bound to the user and the expiry, under a key that only the create and
// verify triggers hold.
package otp
