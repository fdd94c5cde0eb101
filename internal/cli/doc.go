// Package cli implements the passwordless command: local mode (local), a
// sign-up and an SMS sign-in against local mode or a deployed user pool
// (sign-up, sign-in), an authenticator app (TOTP) as the second factor
// after a password (totp setup, and totp code, a test aid), and a
// non-interactive run of sign-up and sign-in against a throwaway local
// pool (demo).
//
// The commands talk to the pool through the aws-sdk-go-v2 Cognito Identity
// Provider client, as any application would; sign-up, sign-in and demo
// share one flow and differ only in where the code comes from (a terminal,
// stdin, a flag, or local mode's SMS outbox).
package cli
